import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { pendingApproval } from "../runtime/drive.js";
import { handleApprovalRequest } from "./core/approval-http.js";
import { lambdaDeps, logger } from "./deps.js";

/** The approval link's function URL: shows the decision form (GET) and accepts a signed decision (POST). */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  const deps = await lambdaDeps();
  return handleApprovalRequest(event, {
    secret: deps.secret,
    now: new Date(),
    usedTokens: deps.usedTokens,
    pendingApproval: (incidentId) => pendingApproval(deps.graph, incidentId),
    allowedApprovers: [...new Set(Object.values(deps.policy.approvers).flat())],
    queue: deps.queue,
  });
};
