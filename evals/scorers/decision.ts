/**
 * Decision scorers: which resolution the gate chose, whether the final outcome follows from it, what was
 * proposed and run, and whether the account recovered.
 */

import type { Resolution } from "../../tools/sandbox/index.js";
import type { ScenarioRun } from "../harness/run-scenario.js";
import type { GroundTruth } from "../scenario/schema.js";
import type { ActionTaken } from "./match.js";
import { matchesAny } from "./match.js";

/** The resolution the responder chose, read from the gate (or from why it never reached it). */
export function predictedResolution(run: ScenarioRun): Resolution {
  const s = run.state;
  if (!run.alarm || !s) return "no_action";
  if (s.assessment && !s.assessment.isIncident) return "no_action";
  switch (s.gate?.outcome) {
    case "auto":
      return "auto";
    case "approve":
      return "approval_required";
    case "none":
      return "no_action";
    default:
      return s.plan?.kind === "no-action" && !s.gate ? "no_action" : "escalate";
  }
}

/** Final outcomes a resolution leads to, given how the scripted approver answers. */
export function expectedOutcomes(
  resolution: Resolution,
  approver: "accept" | "reject",
  partialMitigation = false,
): (string | undefined)[] {
  const acts = resolution === "auto" || (resolution === "approval_required" && approver === "accept");
  if (partialMitigation && acts) return ["partly-mitigated-and-escalated"];
  switch (resolution) {
    case "auto":
      return ["resolved-automatically"];
    case "approval_required":
      return approver === "accept" ? ["resolved-after-approval"] : ["escalated"];
    case "escalate":
      return ["escalated"];
    case "no_action":
      return ["no-action-needed", "not-an-incident", undefined];
  }
}

/** The action the gate looked at (validated parameters when it got that far). */
export function proposedAction(run: ScenarioRun): ActionTaken | undefined {
  const { gate, plan } = run.state ?? {};
  const actionId = gate?.actionId ?? plan?.actionId;
  if (!actionId || plan?.kind !== "action") return undefined;
  return { actionId, params: { ...(gate?.params ?? plan?.params ?? {}) } };
}

/** Every action that really started in the account, in order. */
export function executedActions(run: ScenarioRun): ActionTaken[] {
  return run.starts.filter((s) => s.accepted).map((s) => ({ actionId: s.actionId, params: s.parameters }));
}

/** True when the scenario expects an action to run (it acts, and the approver lets it). */
export function expectsAction(run: ScenarioRun): boolean {
  const { groundTruth: truth, approver } = run.scenario;
  return (
    truth.resolution === "auto" ||
    (truth.resolution === "approval_required" && approver.decision === "accept")
  );
}

/** Each item matches the matcher at its position, and there are as many of each. */
function stagesMatch(expected: GroundTruth["acceptableActions"], got: readonly ActionTaken[]): boolean {
  return expected.length === got.length && expected.every((m, i) => matchesAny([m], got[i] as ActionTaken));
}

export function planCorrect(run: ScenarioRun): boolean | null {
  const truth = run.scenario.groundTruth;
  if (truth.resolution !== "auto" && truth.resolution !== "approval_required") return null;
  if (truth.expectedStages) {
    const stages = run.state?.plan?.kind === "action" ? (run.state.plan.stages ?? []) : [];
    return stagesMatch(truth.expectedStages, stages);
  }
  const proposed = proposedAction(run);
  return proposed !== undefined && matchesAny(truth.acceptableActions, proposed);
}

/** Right when the fix that ran is acceptable (and nothing else ran), or when nothing ran and none should. */
export function actionCorrect(run: ScenarioRun): boolean {
  const executed = executedActions(run);
  if (!expectsAction(run)) return executed.length === 0;
  const fix = run.state?.execution;
  const stages = run.scenario.groundTruth.expectedStages;
  if (stages) return fix?.status === "Success" && stagesMatch(stages, executed);
  return (
    fix !== undefined &&
    fix.status === "Success" &&
    matchesAny(run.scenario.groundTruth.acceptableActions, fix) &&
    executed.length === 1
  );
}

/** The end state: every fault's cause removed (or its time over) and the watched alarms OK. */
export function recovery(run: ScenarioRun): { expected: boolean; met: boolean | null } {
  const expected = expectsAction(run) && !run.scenario.groundTruth.partialMitigation;
  if (!expected) return { expected, met: null };
  const alarms = run.scenario.groundTruth.recovery.alarms ?? (run.alarm ? [run.alarm.name] : []);
  const faultsFixed = run.faultsAtEnd.every((f) => f.status === "resolved" || f.status === "ended");
  const alarmsOk = alarms.every((a) => run.alarmsAtEnd[a] === "OK");
  return { expected, met: faultsFixed && alarmsOk };
}
