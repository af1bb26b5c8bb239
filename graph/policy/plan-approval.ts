/**
 * Plan sign-off (policy `planApproval: plan`): one human accept of a staged plan's stage, given on a request
 * that showed every remaining stage, also signs off the later stages exactly as shown. The signed approval
 * binds the hash of those stages, so a plan changed afterwards (by a model, an edit or a forged update) is not
 * covered; an approver not allowed at a later stage's risk does not cover it; a change freeze that began after
 * the sign-off is not covered. Anything not covered goes back to a human, like any stage.
 */
import { canonicalJson } from "../../tools/canonical-json.js";
import type { GraphDeps } from "../deps.js";
import { currentStage, planHash } from "../nodes/stages.js";
import type { IncidentStateValue } from "../state.js";
import { verifyApproval } from "./approval-proof.js";
import { inFreeze } from "./gate.js";
import { mayApprove } from "./identity.js";
import type { GateDecision } from "./schema.js";

type PlanState = Pick<IncidentStateValue, "incident" | "plan" | "stageResults" | "planApproval">;

export function planSignOffCovers(
  deps: Pick<GraphDeps, "approvalKey" | "policy" | "localApprover">,
  state: PlanState,
  gate: Pick<GateDecision, "actionId" | "params">,
  risk: NonNullable<GateDecision["risk"]>,
  now: Date,
): { ok: true; identity: string; round: number } | { ok: false; reason: string } {
  if (deps.policy.planApproval !== "plan")
    return { ok: false, reason: "the policy asks for sign-off at every stage" };
  const signed = state.planApproval;
  const stages = state.plan?.stages;
  const current = currentStage(state);
  if (!signed || !stages || !current) return { ok: false, reason: "no plan sign-off" };
  if (current.index <= signed.stageIndex)
    return { ok: false, reason: "the plan sign-off was given at or after this stage" };
  if (planHash(stages, signed.stageIndex) !== signed.planHash)
    return { ok: false, reason: "the plan changed since it was signed off" };
  const shown = current.stage;
  if (gate.actionId !== shown.actionId || canonicalJson(gate.params ?? {}) !== canonicalJson(shown.params))
    return { ok: false, reason: "this stage is not the one the approver was shown" };
  const at = new Date(signed.at);
  if (inFreeze(deps.policy, now) && !inFreeze(deps.policy, at))
    return { ok: false, reason: "a change freeze began after the plan was signed off" };
  let identity: string;
  if (!signed.proof && deps.localApprover) identity = deps.localApprover;
  else {
    const proof = verifyApproval(deps.approvalKey, signed.proof, {
      incidentId: state.incident.id,
      round: signed.round,
      actionId: signed.actionId,
      params: signed.params,
      planHash: signed.planHash,
      // Checked as of the accept: the proof was short-lived then; the plan hash binds it from there on.
      now: at,
    });
    if (!proof.ok) return { ok: false, reason: proof.reason };
    if (proof.claims.decision !== "accept")
      return { ok: false, reason: "the plan sign-off is not an accept" };
    identity = proof.claims.identity;
  }
  if (!mayApprove(deps.policy.approvers[risk], identity))
    return { ok: false, reason: `${identity} may not sign off ${risk}-risk actions` };
  return { ok: true, identity, round: signed.round };
}
