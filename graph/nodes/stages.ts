/**
 * Where a staged plan stands: which stage is running, whether it is the last, and what a failure must undo.
 * Pure functions of the state; the nodes that act on them are next-stage.ts and unwind.ts.
 */
import { createHash } from "node:crypto";
import type { PlanStage } from "../../agents/remediation/schema.js";
import { findAction } from "../../knowledge/actions/index.js";
import { canonicalJson } from "../../tools/canonical-json.js";
import type { IncidentStateValue, StageResult, Verification } from "../state.js";
import { isFinished } from "./run-action.js";

export interface CurrentStage {
  index: number;
  stage: PlanStage;
  total: number;
  last: boolean;
}

type StagedState = Pick<IncidentStateValue, "plan" | "stageResults">;

/** The stage in progress, or undefined for a single-action plan. */
export function currentStage(state: StagedState): CurrentStage | undefined {
  const stages = state.plan?.stages;
  if (!stages || stages.length === 0) return undefined;
  const index = state.stageResults?.length ?? 0;
  const stage = stages[index];
  if (!stage) return undefined;
  return { index, stage, total: stages.length, last: index === stages.length - 1 };
}

/** Hash of the stages from `from` on: what a plan sign-off binds to. */
export function planHash(stages: readonly PlanStage[], from: number): string {
  const rest = stages.slice(from).map((s) => ({ actionId: s.actionId, params: s.params, target: s.target }));
  return createHash("sha256").update(canonicalJson(rest)).digest("hex");
}

/**
 * The earlier stages a failure of the current one undoes, newest first: all of them when the failing stage's
 * rule is `rollback-plan`, none for `rollback-stage`. Stages already undone or irreversible are left out
 * (the report says which could not be undone).
 */
export function stagesToUndo(state: StagedState): StageResult[] {
  const current = currentStage(state);
  if (!current || current.stage.onFailure !== "rollback-plan") return [];
  return [...(state.stageResults ?? [])].reverse().filter((r) => !isFinished(r.rolledBack) && canUndo(r));
}

/** Whether a stage that ran can be undone: its action has a rollback and the prior state was recorded. */
export function canUndo(result: Pick<StageResult, "actionId" | "execution">): boolean {
  const action = findAction(result.actionId);
  return Boolean(action?.rollback && result.execution.before && result.execution.status === "Success");
}

/** Whether a stage that is not the last did what its rule asks: recovered, or improved when that is enough. */
export function stagePassed(stage: PlanStage, verification: Verification): boolean {
  if (verification.recovered) return true;
  return stage.expect === "improved" && verification.trend === "improved";
}

export type AfterVerify = "record" | "next-stage" | "rollback" | "unwind" | "escalate";

/**
 * Where a staged plan goes after a stage's verification. A passed stage moves on (or, the last, ends the
 * plan); a failed one that helped part of the way is left in place with everything before it (undoing help in
 * the middle of an incident does harm) and escalated; any other failure undoes this stage, then the earlier
 * ones its rule names, newest first, then escalates.
 */
export function routeStage(
  state: StagedState,
  current: CurrentStage,
  verification: Verification,
  canRollBack: boolean,
): AfterVerify {
  if (current.last ? verification.recovered : stagePassed(current.stage, verification))
    return current.last ? "record" : "next-stage";
  if (verification.trend === "improved") return "escalate";
  if (canRollBack) return "rollback";
  return stagesToUndo(state).length > 0 ? "unwind" : "escalate";
}

type OutcomeState = Pick<
  IncidentStateValue,
  "plan" | "stageResults" | "execution" | "verification" | "rollbackExecution" | "planStopped"
>;

/** The execution in state belongs to the current stage (not to one already filed). */
function executionIsCurrent(state: OutcomeState): boolean {
  const ex = state.execution;
  return Boolean(ex && !state.stageResults.some((r) => r.execution.executionId === ex.executionId));
}

/** The last stage ran and the plan's goal (its signal and the alarm) recovered. */
export function planCompleted(state: OutcomeState): boolean {
  const current = currentStage(state);
  return Boolean(
    current?.last &&
      executionIsCurrent(state) &&
      state.execution?.actionId === current.stage.actionId &&
      state.verification?.recovered,
  );
}

/** Something of the plan was undone. */
export function planRolledBack(state: OutcomeState): boolean {
  return Boolean(state.rollbackExecution) || state.stageResults.some((r) => r.rolledBack);
}

/** Why a staged plan ended with people, in one sentence; undefined for a single-action plan. */
export function stagedEscalationReason(
  state: OutcomeState & Pick<IncidentStateValue, "gate" | "humanDecision">,
): string | undefined {
  const current = currentStage(state);
  if (!current) return undefined;
  const label = `stage ${current.index + 1} of ${current.total} (${current.stage.actionId})`;
  const kept = state.stageResults.filter((r) => !r.rolledBack).map((r) => `${r.index + 1} (${r.actionId})`);
  const undone = state.stageResults.filter((r) => r.rolledBack).map((r) => `${r.index + 1}`);
  const keptText =
    kept.length > 0 ? `; stage${kept.length > 1 ? "s" : ""} ${kept.join(", ")} stay in place` : "";
  if (state.planStopped) return `the staged plan stopped: ${state.planStopped}${keptText}`;
  if (executionIsCurrent(state) && state.verification && !state.verification.recovered) {
    const undid = [
      ...(state.rollbackExecution ? [`stage ${current.index + 1}`] : []),
      ...(undone.length > 0
        ? [`stage${undone.length > 1 ? "s" : ""} ${undone.join(", ")} (newest first)`]
        : []),
    ];
    return `${label} did not work (${state.verification.reason})${undid.length > 0 ? `; rolled back ${undid.join(", then ")}` : ""}${keptText}`;
  }
  if (state.humanDecision?.decision === "reject" && !executionIsCurrent(state))
    return `${state.humanDecision.by} rejected ${label}${keptText}`;
  if (state.gate?.outcome === "escalate" && current.index > 0)
    return `the safety gate refused ${label}: ${state.gate.reasons.at(-1)}${keptText}`;
  return undefined;
}
