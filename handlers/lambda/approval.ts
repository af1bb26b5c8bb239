import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { cognitoIdTokenVerifier } from "../approvals/oidc.js";
import { handleSlackInteraction } from "../approvals/slack/interactivity.js";
import { pendingApproval } from "../runtime/drive.js";
import { handleApprovalRequest, type OidcApprovers } from "./core/approval-http.js";
import { handleIamDecision, IAM_DECISION_PATH } from "./core/iam-decision.js";
import { lambdaDeps, logger } from "./deps.js";
import type { LambdaEnv } from "./env.js";

let oidc: OidcApprovers | undefined;

/** OIDC approvers when the stack created the user pool; the verifier caches the pool's JWKS across calls. */
function oidcApprovers(env: LambdaEnv): OidcApprovers | undefined {
  if (!env.AIR_OIDC_USER_POOL_ID || !env.AIR_OIDC_CLIENT_ID) return undefined;
  oidc ??= {
    verifier: cognitoIdTokenVerifier({
      userPoolId: env.AIR_OIDC_USER_POOL_ID,
      clientId: env.AIR_OIDC_CLIENT_ID,
    }),
    ...(env.AIR_OIDC_SIGN_IN_URL ? { signInUrl: env.AIR_OIDC_SIGN_IN_URL } : {}),
  };
  return oidc;
}

/** The approval link's function URL: shows the decision form (GET) and accepts a signed decision (POST). */
export const handler = async (event: APIGatewayProxyEventV2, context: Context) => {
  logger.addContext(context);
  const deps = await lambdaDeps();
  const verify = {
    secret: deps.secret,
    now: new Date(),
    usedTokens: deps.usedTokens,
    pendingApproval: (incidentId: string) => pendingApproval(deps.graph, incidentId),
    allowedApprovers: [...new Set(Object.values(deps.policy.approvers).flat())],
    queue: deps.queue,
  };
  // `air console --aws` decides through the IAM-authenticated URL; the handler refuses any request without
  // an IAM principal (the public URL never has one).
  if (event.rawPath === IAM_DECISION_PATH) return handleIamDecision(event, verify);
  // Slack's interactivity requests come to the same function URL, at /slack/interactions.
  if (event.rawPath === "/slack/interactions") {
    if (!deps.slack) return { statusCode: 404, body: "no Slack app is configured for this responder" };
    const rawBody = event.body
      ? event.isBase64Encoded
        ? Buffer.from(event.body, "base64").toString("utf8")
        : event.body
      : "";
    const res = await handleSlackInteraction(
      { rawBody, headers: event.headers },
      { ...verify, signingSecret: deps.slack.signingSecret, slack: deps.slack.client },
    );
    return { statusCode: res.status, headers: { "content-type": "text/plain" }, body: res.body };
  }
  return handleApprovalRequest(event, { ...verify, oidc: oidcApprovers(deps.env) });
};
