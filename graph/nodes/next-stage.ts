import { Command } from "@langchain/langgraph";
import { hasPreCheck, preCheck } from "../../agents/remediation/pre-checks.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue, StageResult } from "../state.js";
import { audit, note } from "./common.js";
import { currentStage } from "./stages.js";

export const NEXT_STAGE_NODE = "next-stage";
export const NEXT_STAGE_ENDS = ["safety-gate", "escalate"] as const;

/** Who signed the stage that just ran off, if anyone did. */
function signedOffBy(state: IncidentStateValue): string | undefined {
  if (state.gate?.planApprovalRound !== undefined) return state.planApproval?.identity;
  if (state.gate?.outcome !== "approve") return undefined;
  return state.humanDecision?.identity ?? state.humanDecision?.by;
}

/**
 * Between two stages of a staged plan: files the stage that passed, runs the next stage's read-only pre-check
 * on its target as it is now, and hands the next stage to the safety gate, which judges it like any proposal
 * (a sign-off of an earlier stage does not carry over unless the policy lets a plan sign-off cover it). A
 * failed pre-check stops the plan with the earlier stages in place (they passed their checks) and escalates.
 */
export function createNextStageNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const current = currentStage(state);
    const execution = state.execution;
    const plan = state.plan;
    const next = plan?.stages?.[(current?.index ?? -1) + 1];
    if (!current || !execution || !plan || !next)
      throw new Error("next-stage reached without a finished stage and a stage after it; refusing to guess");
    const by = signedOffBy(state);
    const result: StageResult = {
      index: current.index,
      actionId: execution.actionId,
      params: execution.params,
      target: execution.target,
      gate: {
        outcome: state.gate?.outcome ?? "auto",
        round: state.gate?.round ?? 1,
        ...(state.gate?.risk ? { risk: state.gate.risk } : {}),
        ...(by ? { signedOffBy: by } : {}),
      },
      preCheck: hasPreCheck(execution.actionId) ? "passed" : "none defined",
      execution,
      ...(state.verification ? { verification: state.verification } : {}),
    };
    const stageResults = [...state.stageResults, result];
    const label = `stage ${current.index + 2} of ${current.total} (${next.actionId} on ${next.target})`;
    const target = await ports.resources.describe(next.target);
    const unfit = target
      ? await preCheck(ports, next.actionId, target)
      : `${next.target} could not be described`;
    if (unfit) {
      const why = `${label} failed its read-only pre-check: ${unfit}`;
      await audit(ports, state.incident.id, NEXT_STAGE_NODE, "plan-stopped", why, {
        stage: current.index + 1,
      });
      return new Command({
        goto: "escalate",
        update: { stageResults, planStopped: why, timeline: [note(ports, NEXT_STAGE_NODE, why)] },
      });
    }
    await audit(
      ports,
      state.incident.id,
      NEXT_STAGE_NODE,
      "stage-passed",
      `stage ${current.index + 1} passed`,
      {
        stage: current.index,
        actionId: execution.actionId,
      },
    );
    return new Command({
      goto: "safety-gate",
      update: {
        stageResults,
        plan: {
          ...plan,
          actionId: next.actionId,
          params: next.params,
          rationale: `${label}${next.why ? ` (${next.why})` : ""}; stage ${current.index + 1} passed: ${state.verification?.reason ?? "verified"}`,
        },
        timeline: [
          note(
            ports,
            NEXT_STAGE_NODE,
            `stage ${current.index + 1} of ${current.total} passed; next: ${label}`,
            hasPreCheck(next.actionId)
              ? "read-only pre-check passed"
              : "no pre-check defined for this action",
          ),
        ],
      },
    });
  };
}
