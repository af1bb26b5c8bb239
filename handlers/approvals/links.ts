import type { ApprovalLinks } from "../../graph/deps.js";
import { issueApprovalToken } from "./token.js";

export interface SignedLinkOptions {
  secret: string;
  /** The approval endpoint (the Lambda function URL, or a local address). */
  baseUrl: string;
  ttlSeconds?: number;
  now?: () => Date;
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
