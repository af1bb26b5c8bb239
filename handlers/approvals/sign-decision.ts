/**
 * Turning an authenticated person's decision into the resume value the graph accepts. Only entry points that
 * know who the person is call this: the CLI (the OS user, or the IAM principal in AWS mode), the approval
 * function (the subject a per-approver link is bound to), the demo and the eval's scripted approver.
 */
import { hostname, userInfo } from "node:os";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { signApproval } from "../../graph/policy/approval-proof.js";

export interface HumanChoice {
  decision: "accept" | "reject" | "edit";
  comment?: string;
  edited?: { actionId: string; params: Record<string, unknown> };
}

/** The resume value for `choice` on `request`, signed as `identity` when it accepts or edits. */
export function signedResume(
  key: string,
  request: HumanInterrupt,
  choice: HumanChoice,
  identity: string,
  now: Date = new Date(),
): Record<string, unknown> {
  const base = {
    decision: choice.decision,
    by: identity,
    ...(choice.comment ? { comment: choice.comment } : {}),
    ...(choice.edited ? { edited: choice.edited } : {}),
  };
  if (choice.decision === "reject") return base;
  if (!request.binding)
    throw new Error("the approval request carries no binding (incident and round) to sign");
  const actionId = choice.edited?.actionId ?? request.action_request.action;
  const params = choice.edited?.params ?? request.action_request.args;
  const proof = signApproval(key, {
    incidentId: request.binding.incidentId,
    round: request.binding.round,
    decision: choice.decision,
    actionId,
    params,
    identity,
    now,
    // An accept of a request that offered the whole staged plan signs the plan as shown; an edit never does.
    ...(choice.decision === "accept" && request.binding.planHash
      ? { planHash: request.binding.planHash }
      : {}),
  });
  return { ...base, proof };
}

/** The local operating-system user, marked as such: what the CLI vouches for on a workstation. */
export function osUserIdentity(): string {
  return `os-user:${userInfo().username}@${hostname()}`;
}
