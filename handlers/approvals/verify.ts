import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { signApproval } from "../../graph/policy/approval-proof.js";
import { ApproverIdentitySchema, mayApprove } from "../../graph/policy/identity.js";
import { argumentsHash, readApprovalToken } from "./token.js";
import type { UsedTokenStore } from "./token-store.js";

export interface ApprovalAttempt {
  token: string;
  decision: "accept" | "reject";
  /** Who is deciding; must match the token's approver when it names one (unused when `authenticated` is set). */
  approver: string;
  /**
   * An identity the entry point already authenticated (e.g. `oidc:<sub>` from a verified ID token). The link
   * token is still required — it binds the action, the arguments and single use — but then need not be bound
   * to this person: the identity signs, and must be on the allow-list.
   */
  authenticated?: string;
  comment?: string;
}

export interface VerifyDeps {
  secret: string;
  now: Date;
  usedTokens: UsedTokenStore;
  /** The approval request the incident's thread is waiting on, if any. */
  pendingApproval(incidentId: string): Promise<HumanInterrupt | undefined>;
  /** Identities allowed to sign off (`link:<subject>`, `oidc:<sub>`); empty means any authenticated person. */
  allowedApprovers: string[];
}

export type VerifiedApproval =
  | {
      ok: true;
      incidentId: string;
      resume: { decision: "accept" | "reject"; by: string; comment?: string; proof?: string };
    }
  | { ok: false; status: 400 | 401 | 403 | 409; reason: string };

/**
 * Accepts a decision only if the token is genuine and unexpired, the thread still waits on exactly the
 * action and arguments the token was issued for, the approver is allowed, and the token was never used.
 * The single-use check comes last so a refused attempt does not burn the token.
 */
export async function verifyApproval(attempt: ApprovalAttempt, deps: VerifyDeps): Promise<VerifiedApproval> {
  const authenticated = attempt.authenticated?.trim();
  if (authenticated !== undefined && !ApproverIdentitySchema.safeParse(authenticated).success)
    return {
      ok: false,
      status: 401,
      reason: "the authenticated identity is not a <kind>:<subject> identity",
    };
  if (!authenticated && !attempt.approver.trim())
    return { ok: false, status: 400, reason: "say who is deciding (approver)" };
  const read = readApprovalToken(deps.secret, attempt.token, deps.now);
  if (!read.ok) return { ok: false, status: 401, reason: read.reason };
  const { claims } = read;
  const pending = await deps.pendingApproval(claims.inc);
  if (!pending)
    return { ok: false, status: 409, reason: `incident ${claims.inc} is not waiting for an approval` };
  if (
    pending.action_request.action !== claims.act ||
    argumentsHash(pending.action_request.args) !== claims.args
  ) {
    return {
      ok: false,
      status: 403,
      reason: "the token was issued for a different action or arguments than the one awaiting approval",
    };
  }
  if (!authenticated && claims.sub && claims.sub !== attempt.approver) {
    return { ok: false, status: 403, reason: `this link was issued to ${claims.sub}` };
  }
  // Without a signed-in identity the link is the authentication: it was sent to one person and is bound to
  // them. A typed name is not.
  if (!authenticated && attempt.decision === "accept" && !claims.sub) {
    return {
      ok: false,
      status: 403,
      reason:
        "this link is not bound to an approver, so it can only reject; accept from your own link or `air approve`",
    };
  }
  const identity = authenticated || `link:${claims.sub ?? attempt.approver}`;
  if (!mayApprove(deps.allowedApprovers, identity)) {
    return { ok: false, status: 403, reason: `${identity} is not an allowed approver` };
  }
  if (attempt.decision === "accept" && !pending.binding) {
    return { ok: false, status: 409, reason: "the pending request carries no binding to sign against" };
  }
  if (!(await deps.usedTokens.consume(claims.jti, claims.exp, authenticated || attempt.approver))) {
    return { ok: false, status: 409, reason: "this approval link was already used" };
  }
  return {
    ok: true,
    incidentId: claims.inc,
    resume: {
      decision: attempt.decision,
      by: identity,
      ...(attempt.comment ? { comment: attempt.comment } : {}),
      ...(attempt.decision === "accept" && pending.binding
        ? {
            proof: signApproval(deps.secret, {
              incidentId: claims.inc,
              round: pending.binding.round,
              decision: "accept",
              actionId: pending.action_request.action,
              params: pending.action_request.args,
              identity,
              now: deps.now,
              ...(pending.binding.planHash ? { planHash: pending.binding.planHash } : {}),
            }),
          }
        : {}),
    },
  };
}
