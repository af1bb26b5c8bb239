import type { GraphDeps } from "../deps.js";
import { incidentSignature } from "../policy/evaluate.js";
import type { IncidentStateValue, Outcome } from "../state.js";
import { audit, effectKey, keyed, note } from "./common.js";
import { planCompleted, planRolledBack } from "./stages.js";

export const RECORD_NODE = "record";

/** How the incident ended, from what the graph did. */
export function outcomeOf(state: IncidentStateValue): Outcome {
  if (state.assessment && !state.assessment.isIncident) return "not-an-incident";
  if (state.plan?.stages) {
    if (planRolledBack(state)) return "rolled-back-and-escalated";
    if (planCompleted(state))
      return state.humanDecision ? "resolved-after-approval" : "resolved-automatically";
    // Stages that passed their checks stay in place: the incident is partly mitigated.
    if (state.stageResults.length > 0) return "partly-mitigated-and-escalated";
  }
  if (state.rollbackExecution) return "rolled-back-and-escalated";
  if (state.verification?.recovered)
    return state.humanDecision ? "resolved-after-approval" : "resolved-automatically";
  if (state.execution?.status === "Success" && state.verification?.trend === "improved")
    return "partly-mitigated-and-escalated";
  if (state.escalation) return "escalated";
  if (state.gate?.outcome === "none" || state.plan?.kind === "no-action") return "no-action-needed";
  return "escalated";
}

/** Records the outcome: statistics for future confidence, the audit trail, and a resolution notice. */
export function createRecordNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const outcome = outcomeOf(state);
    // Only real outcomes feed learning: a "recovery" of a signal that was never bad proves nothing.
    if (state.execution && state.verification?.badBeforeAction !== false) {
      await ports.outcomes.record({
        incidentId: state.incident.id,
        signature: incidentSignature(state),
        actionId: state.execution.actionId,
        resourceId: state.execution.target,
        time: ports.clock.now().toISOString(),
        result: state.verification?.recovered ? "success" : "failure",
      });
    }
    const resolved =
      outcome.startsWith("resolved") || outcome === "not-an-incident" || outcome === "no-action-needed";
    if (resolved) {
      await ports.notifier.notify({
        kind: "resolved",
        incidentId: state.incident.id,
        subject: `[air] ${outcome}: ${state.incident.title}`,
        body: state.verification?.reason ?? state.assessment?.hypothesis ?? outcome,
        ...keyed(effectKey(state.incident.id, RECORD_NODE, "notify")),
      });
    }
    await audit(ports, state.incident.id, RECORD_NODE, "outcome", outcome);
    return {
      outcome,
      incident: { ...state.incident, status: resolved ? ("resolved" as const) : ("escalated" as const) },
      timeline: [note(ports, RECORD_NODE, `outcome: ${outcome}`)],
    };
  };
}
