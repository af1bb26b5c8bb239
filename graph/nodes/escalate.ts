import { serviceOf } from "../../agents/shared/incident-facts.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { audit, effectKey, keyed, note } from "./common.js";
import { stagedEscalationReason } from "./stages.js";

export const ESCALATE_NODE = "escalate";

/** Why the responder is handing the incident to people, from whatever stopped it. */
export function escalationReason(state: IncidentStateValue): string {
  const staged = stagedEscalationReason(state);
  if (staged) return staged;
  if (state.rollbackExecution)
    return `the fix did not work (${state.verification?.reason}); it was rolled back`;
  if (state.verification && !state.verification.recovered) {
    const left = state.plan?.shortfall?.left;
    if (state.verification.trend === "improved")
      return `partial mitigation: ${state.execution?.actionId} ${JSON.stringify(state.execution?.params)} helped but did not fully recover (${state.verification.reason}); it is left in place.${left ? ` What is left: ${left}.` : ""}`;
    return `the fix did not work: ${state.verification.reason}; it is left in place (it did not make things worse)${left ? `. What is left: ${left}` : ""}`;
  }
  if (state.humanDecision?.decision === "reject")
    return `${state.humanDecision.by} rejected the proposed action${state.humanDecision.comment ? `: ${state.humanDecision.comment}` : ""}`;
  if (state.plan?.kind === "escalate") return state.plan.rationale;
  if (state.gate?.outcome === "escalate") return `the safety gate refused: ${state.gate.reasons.at(-1)}`;
  if (state.route?.next === "escalate") return state.route.reason;
  return "the responder could not find a safe action";
}

/** Pages the owning team with the whole investigation attached. */
export function createEscalateNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const team =
      state.plan?.escalateTo ??
      state.runbooks?.candidates[0]?.escalationTeam ??
      `${serviceOf(state.incident)}-oncall`;
    const reason = escalationReason(state);
    const body = [
      `Incident ${state.incident.id}: ${state.incident.title}`,
      `Why escalated: ${reason}`,
      `Triage: ${state.assessment?.hypothesis ?? "n/a"}`,
      `Logs: ${state.logFindings?.summary ?? "n/a"}`,
      `Runbook: ${state.runbooks?.candidates[0]?.title ?? "none relevant"}`,
    ].join("\n");
    await ports.notifier.notify({
      kind: "escalation",
      incidentId: state.incident.id,
      subject: `[air] escalated: ${state.incident.title}`,
      body,
      audience: team,
      ...keyed(effectKey(state.incident.id, ESCALATE_NODE, "notify")),
    });
    await audit(ports, state.incident.id, ESCALATE_NODE, "escalated", reason, { team });
    return {
      escalation: { reason, team, at: ports.clock.now().toISOString() },
      incident: { ...state.incident, status: "escalated" as const },
      timeline: [note(ports, ESCALATE_NODE, `escalated to ${team}: ${reason}`)],
    };
  };
}
