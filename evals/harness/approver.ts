/**
 * The eval's scripted approver: answers every approval request the way the scenario's `approver` policy
 * says, and records what it was asked so scorers can check that sign-off was requested for the right action.
 */

import type { Approver } from "../../handlers/runtime/drive.js";
import type { Scenario } from "../scenario/index.js";

/** One approval request the responder made. */
export interface ApprovalAsked {
  actionId: string;
  params: Record<string, unknown>;
  answered: "accept" | "reject";
}

export function scriptedApprover(scenario: Scenario, asked: ApprovalAsked[]): Approver {
  const { decision, by, comment } = scenario.approver;
  return async (request) => {
    asked.push({
      actionId: request.action_request.action,
      params: { ...request.action_request.args },
      answered: decision,
    });
    return { decision, by, ...(comment ? { comment } : {}) };
  };
}
