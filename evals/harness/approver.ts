/**
 * The eval's scripted approver: answers every approval request the way the scenario's `approver` policy
 * says, and records what it was asked so scorers can check that sign-off was requested for the right action.
 */

import { signedResume } from "../../handlers/approvals/sign-decision.js";
import type { Approver } from "../../handlers/runtime/drive.js";
import type { Scenario } from "../scenario/index.js";

/** One approval request the responder made. */
export interface ApprovalAsked {
  actionId: string;
  params: Record<string, unknown>;
  answered: "accept" | "reject";
}

/** Signs as `link:<by>`: the scenario's approver, as if they had followed their own approval link. */
export function scriptedApprover(
  scenario: Scenario,
  asked: ApprovalAsked[],
  approvalKey: string,
  now: () => Date,
  /** Waits on the (simulated) clock; the approver's `delayMinutes` pass before it answers. */
  sleep?: (ms: number) => Promise<void>,
): Approver {
  const { decision, by, comment, delayMinutes } = scenario.approver;
  return async (request) => {
    if (delayMinutes > 0 && sleep) await sleep(delayMinutes * 60_000);
    asked.push({
      actionId: request.action_request.action,
      params: { ...request.action_request.args },
      answered: decision,
    });
    return signedResume(
      approvalKey,
      request,
      { decision, ...(comment ? { comment } : {}) },
      `link:${by}`,
      now(),
    );
  };
}
