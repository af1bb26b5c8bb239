import type { ApprovalLinks } from "../../graph/deps.js";
import { issueApprovalToken } from "./token.js";

export interface SignedLinkOptions {
  secret: string;
  /** The approval endpoint (the Lambda function URL, or a local address). */
  baseUrl: string;
  /** How long a link is valid; use `linkLifetimeSeconds(approval timeout)`. Default 1 hour. */
  ttlSeconds?: number;
  now?: () => Date;
}

/**
 * A link lives exactly as long as its approval may wait: the sweeper escalates at the timeout, so a link
 * that expired sooner would strand a four-hour approval after one hour, and one that lived longer would
 * outlive the question it answers.
 */
export function linkLifetimeSeconds(approvalTimeoutMinutes: number): number {
  return approvalTimeoutMinutes * 60;
}

/** Approval links carrying a signed, expiring token bound to the incident, the action and its arguments. */
export class SignedApprovalLinks implements ApprovalLinks {
  constructor(private readonly options: SignedLinkOptions) {}

  async create(request: {
    incidentId: string;
    actionId: string;
    params: Record<string, unknown>;
    approver?: string;
  }): Promise<string> {
    const { token } = issueApprovalToken(this.options.secret, {
      incidentId: request.incidentId,
      actionId: request.actionId,
      args: request.params,
      ...(request.approver ? { approver: request.approver } : {}),
      ttlSeconds: this.options.ttlSeconds ?? 3600,
      now: this.options.now?.() ?? new Date(),
    });
    const url = new URL(this.options.baseUrl);
    url.searchParams.set("token", token);
    return url.toString();
  }
}
