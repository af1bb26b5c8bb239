import { Command } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import type { GraphDeps } from "../deps.js";
import { evaluatePlan } from "../policy/evaluate.js";
import { inFreeze } from "../policy/gate.js";
import { planSignOffCovers } from "../policy/plan-approval.js";
import { checkSignOff } from "../policy/recheck.js";
import type { GateDecision } from "../policy/schema.js";
import type { IncidentStateValue } from "../state.js";
import { audit, note } from "./common.js";
import { healedBeforeAction } from "./still-happening.js";

export { incidentSignature } from "../policy/evaluate.js";

export const SAFETY_GATE_NODE = "safety-gate";
export const SAFETY_GATE_ENDS = ["claim-action", "request-approval", "escalate", "record"] as const;
type GateRoute = (typeof SAFETY_GATE_ENDS)[number];

function route(outcome: GateDecision["outcome"]): GateRoute {
  switch (outcome) {
    case "auto":
      return "claim-action";
    case "approve":
      return "request-approval";
    case "none":
      return "record";
    default:
      return "escalate";
  }
}

/**
 * The safety gate node: judges the plan in state (catalogue, parameters, blast set, rate limit, changes in
 * flight, blast radius, direction of change, confidence for this plan, policy table). An approver's
 * narrowing edit that the gate would put to sign-off counts as that sign-off once its signature checks out;
 * a wider edit is a new proposal and goes back to a human.
 */
export function createSafetyGateNode(deps: GraphDeps) {
  const { ports, policy } = deps;
  return async (state: IncidentStateValue) => {
    const plan = state.plan ?? { kind: "escalate" as const, rationale: "no plan" };
    const round = (state.gate?.round ?? 0) + 1;
    const { verdict, confidence, action, blast } = await evaluatePlan(ports, policy, state);
    // Decision time: an action is only for a condition that is still there.
    const healed =
      plan.kind === "action" && verdict.outcome !== "none"
        ? await healedBeforeAction(ports, state.incident)
        : undefined;
    if (healed) {
      verdict.outcome = "none";
      verdict.reasons.unshift(healed);
    }

    let next = route(verdict.outcome);
    const gate: GateDecision = {
      outcome: verdict.outcome,
      actionId: action?.id ?? plan.actionId,
      params: verdict.params ?? plan.params,
      target: verdict.target,
      risk: verdict.risk,
      confidence: verdict.outcome === "none" ? undefined : confidence,
      blastRadius: blast,
      ...(verdict.cost ? { cost: verdict.cost } : {}),
      reasons: verdict.reasons,
      round,
    };
    const freeze = inFreeze(policy, ports.clock.now());
    if (freeze) gate.freeze = freeze.reason;
    const edit = state.humanDecision;
    if (
      edit?.decision === "edit" &&
      edit.narrowing &&
      verdict.outcome === "approve" &&
      state.gate &&
      verdict.risk
    ) {
      const signedOff = { ...gate, signedOffInRound: state.gate.round };
      const check = checkSignOff(deps, state, signedOff, verdict.risk, ports.clock.now());
      if (check.ok) {
        Object.assign(gate, { signedOffInRound: state.gate.round });
        next = "claim-action";
        verdict.reasons.push(`the approver's narrowing edit (${check.identity}) is their sign-off`);
      } else {
        verdict.reasons.push(`the edit is not a valid sign-off (${check.reason}): asking again`);
      }
    }
    if (next === "request-approval" && verdict.risk) {
      const covered = planSignOffCovers(deps, state, gate, verdict.risk, ports.clock.now());
      if (covered.ok) {
        gate.planApprovalRound = covered.round;
        next = "claim-action";
        verdict.reasons.push(
          `covered by ${covered.identity}'s sign-off of the plan (round ${covered.round})`,
        );
      } else if (state.planApproval) {
        verdict.reasons.push(`the plan sign-off does not cover this stage (${covered.reason}): asking`);
      }
    }
    await audit(
      ports,
      state.incident.id,
      SAFETY_GATE_NODE,
      "gate-decision",
      `${gate.outcome}: ${gate.actionId ?? plan.kind}`,
      {
        gate,
      },
    );
    const headline =
      gate.outcome === "none"
        ? "no action needed"
        : `${gate.outcome.toUpperCase()} ${gate.actionId ?? ""} (risk ${gate.risk ?? "n/a"}, confidence ${confidence.value.toFixed(2)})`;
    return new Command({
      goto: next,
      update: { gate, timeline: [note(ports, SAFETY_GATE_NODE, headline, verdict.reasons.join("\n"))] },
    });
  };
}

/** Re-exported for callers that look actions up next to the gate. */
export { findAction };
