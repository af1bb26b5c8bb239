/**
 * The last word before a side effect. `claim-action` and `execute` call `recheckBeforeSideEffect`, which
 * judges the plan again from the world as it is now (kill switch, enabled actions, freeze, rate limit,
 * blast set, one change in flight per resource) and, when sign-off is needed, verifies the signed approval
 * for exactly this action, these arguments and this gate round, from an identity allowed at this risk.
 * It trusts nothing in state that it can recompute: a forged `gate` or `humanDecision` update gains nothing.
 */

import { canonicalJson } from "../../tools/canonical-json.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { verifyApproval } from "./approval-proof.js";
import { evaluatePlan } from "./evaluate.js";
import { higherRisk, inFreeze } from "./gate.js";
import { mayApprove } from "./identity.js";
import { planSignOffCovers } from "./plan-approval.js";
import type { GateDecision } from "./schema.js";

export type Recheck =
  | { ok: true; actionId: string; params: Record<string, unknown>; target: string; identity?: string }
  | { ok: false; reasons: string[] };

type CheckedState = Pick<
  IncidentStateValue,
  | "incident"
  | "assessment"
  | "logFindings"
  | "runbooks"
  | "plan"
  | "gate"
  | "humanDecision"
  | "stageResults"
  | "planApproval"
>;

/** Verifies the human sign-off a gate decision needs; returns the approver's identity or why not. */
export function checkSignOff(
  deps: Pick<GraphDeps, "approvalKey" | "policy" | "localApprover">,
  state: Pick<CheckedState, "incident" | "humanDecision">,
  gate: GateDecision,
  risk: NonNullable<GateDecision["risk"]>,
  now: Date,
): { ok: true; identity: string } | { ok: false; reason: string } {
  const decision = state.humanDecision;
  if (!decision || (decision.decision !== "accept" && decision.decision !== "edit"))
    return { ok: false, reason: "the gate asked for sign-off and no human accepted" };
  if (gate.signedOffInRound !== undefined && decision.decision !== "edit")
    return { ok: false, reason: "this round judges an edit, but the decision is not an edit" };
  if (!decision.proof && deps.localApprover) return { ok: true, identity: deps.localApprover };
  const proof = verifyApproval(deps.approvalKey, decision.proof, {
    incidentId: state.incident.id,
    round: gate.signedOffInRound ?? gate.round,
    actionId: gate.actionId ?? "",
    params: gate.params ?? {},
    now,
  });
  if (!proof.ok) return { ok: false, reason: proof.reason };
  if (proof.claims.decision !== decision.decision)
    return { ok: false, reason: `the signed decision is ${proof.claims.decision}, not ${decision.decision}` };
  const allowed = deps.policy.approvers[risk];
  if (!mayApprove(allowed, proof.claims.identity))
    return {
      ok: false,
      reason: `${proof.claims.identity} may not sign off ${risk}-risk actions (allowed: ${allowed.join(", ")})`,
    };
  return { ok: true, identity: proof.claims.identity };
}

/** Judges again, right before acting. Never throws for a refusal: it says why. */
export async function recheckBeforeSideEffect(
  deps: Pick<GraphDeps, "ports" | "policy" | "approvalKey" | "localApprover">,
  state: CheckedState,
): Promise<Recheck> {
  const gate = state.gate;
  if (!gate || (gate.outcome !== "auto" && gate.outcome !== "approve") || !gate.actionId)
    return { ok: false, reasons: [`no permitting gate decision (gate: ${gate?.outcome ?? "none"})`] };
  const plan = state.plan;
  if (
    !plan ||
    plan.actionId !== gate.actionId ||
    canonicalJson(plan.params ?? {}) !== canonicalJson(gate.params ?? {})
  )
    return { ok: false, reasons: ["the plan in state is not the plan the gate judged"] };

  const freeze = inFreeze(deps.policy, deps.ports.clock.now());
  if (freeze && gate.freeze === undefined)
    return {
      ok: false,
      reasons: [
        `a change freeze (${freeze.reason}) began after the gate decided: a sign-off given before it does not carry into it`,
      ],
    };
  const { verdict } = await evaluatePlan(deps.ports, deps.policy, state);
  if (verdict.outcome !== "auto" && verdict.outcome !== "approve")
    return {
      ok: false,
      reasons: ["the gate, asked again right before acting, refuses:", ...verdict.reasons],
    };
  if (canonicalJson(verdict.params ?? {}) !== canonicalJson(gate.params ?? {}))
    return { ok: false, reasons: ["the validated parameters differ from the gated ones"] };

  const needsSignOff = gate.outcome === "approve" || verdict.outcome === "approve";
  let identity: string | undefined;
  if (needsSignOff) {
    const risk = higherRisk(gate.risk ?? "low", verdict.risk);
    const signOff =
      gate.planApprovalRound !== undefined
        ? planSignOffCovers(deps, state, gate, risk, deps.ports.clock.now())
        : checkSignOff(deps, state, gate, risk, deps.ports.clock.now());
    if (!signOff.ok) return { ok: false, reasons: [`sign-off required and not valid: ${signOff.reason}`] };
    identity = signOff.identity;
  }
  return {
    ok: true,
    actionId: gate.actionId,
    params: gate.params ?? {},
    target: verdict.target ?? gate.target ?? "",
    ...(identity ? { identity } : {}),
  };
}
