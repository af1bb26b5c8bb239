/**
 * The console's decision route (`air console --aws`): a Lambda function URL with `AuthType: AWS_IAM`. Lambda
 * verified the caller's SigV4 signature before invoking us and put the principal in the request context, so
 * the identity is `iam:<caller ARN>` — taken from `requestContext.authorizer.iam`, never from the body. The
 * console holds no signing key: the function checks the identity against the approver list, consumes the
 * incident's approval round once, signs the resume with the stack's secret (`signedResume`, the same path as
 * every other route) and queues it for the worker. The public URL (auth NONE) never carries an IAM
 * authorizer, so a request that reaches this route through it is refused. GET answers the caller's identity.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { z } from "zod";
import { mayApprove } from "../../../graph/policy/identity.js";
import { signedResume } from "../../approvals/sign-decision.js";
import type { VerifyDeps } from "../../approvals/verify.js";
import type { WorkQueue } from "../../runtime/work-queue.js";

/** The path the console POSTs to on the IAM-authenticated URL. */
export const IAM_DECISION_PATH = "/console/decisions";

export const IamDecisionSchema = z.strictObject({
  incidentId: z.string().min(1).max(200),
  decision: z.enum(["accept", "reject", "edit"]),
  comment: z.string().max(2000).optional(),
  edited: z
    .strictObject({ actionId: z.string().min(1), params: z.record(z.string(), z.unknown()) })
    .optional(),
});
export type IamDecision = z.infer<typeof IamDecisionSchema>;

export type IamDecisionDeps = Omit<VerifyDeps, "secret"> & { secret: string; queue: WorkQueue };

/** How long a consumed round is remembered (the token store adds its own grace on top). */
const ROUND_MEMORY_SECONDS = 7 * 86_400;

const json = (statusCode: number, body: Record<string, unknown>): APIGatewayProxyStructuredResultV2 => ({
  statusCode,
  headers: { "content-type": "application/json", "cache-control": "no-store" },
  body: JSON.stringify(body),
});
const refuse = (statusCode: number, reason: string) => json(statusCode, { ok: false, reason });

/** The caller's IAM principal, as Lambda's function-URL authorizer reports it. */
export function iamIdentity(event: APIGatewayProxyEventV2): string | undefined {
  const iam = (event.requestContext as { authorizer?: { iam?: { userArn?: unknown } } }).authorizer?.iam;
  const arn = typeof iam?.userArn === "string" ? iam.userArn.trim() : "";
  return /^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/.test(arn) ? `iam:${arn}` : undefined;
}

function body(event: APIGatewayProxyEventV2): string {
  if (!event.body) return "";
  return event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
}

export async function handleIamDecision(
  event: APIGatewayProxyEventV2,
  deps: IamDecisionDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const identity = iamIdentity(event);
  if (!identity)
    return refuse(
      401,
      "no IAM principal on this request: send it SigV4-signed to the console URL (AuthType AWS_IAM), e.g. with `air console --aws`",
    );
  const method = event.requestContext.http.method.toUpperCase();
  // GET says who the caller is (what the console shows as "deciding as"); it changes nothing.
  if (method === "GET") return json(200, { ok: true, identity });
  if (method !== "POST") return refuse(405, `POST a decision to ${IAM_DECISION_PATH}`);
  let parsed: IamDecision;
  try {
    const result = IamDecisionSchema.safeParse(JSON.parse(body(event)));
    if (!result.success) return refuse(400, `bad decision: ${z.prettifyError(result.error)}`);
    parsed = result.data;
  } catch {
    return refuse(400, "the body is not JSON: send {incidentId, decision, comment?, edited?}");
  }
  if (!mayApprove(deps.allowedApprovers, identity))
    return refuse(403, `${identity} is not an allowed approver`);
  const pending = await deps.pendingApproval(parsed.incidentId);
  if (!pending?.binding) return refuse(409, `incident ${parsed.incidentId} is not waiting for an approval`);
  if (parsed.decision === "edit" && !parsed.edited)
    return refuse(400, "an edit needs `edited: {actionId, params}`");
  if (parsed.decision === "edit" && !pending.config.allow_edit)
    return refuse(403, "this approval request does not allow editing the arguments");
  const round = pending.binding.round;
  // One decision per approval round, whoever sends it and however often: the first one wins.
  const nonce = `iam-decision:${parsed.incidentId}:${round}`;
  const expiresAt = Math.floor(deps.now.getTime() / 1000) + ROUND_MEMORY_SECONDS;
  if (!(await deps.usedTokens.consume(nonce, expiresAt, identity)))
    return refuse(409, `incident ${parsed.incidentId} round ${round} was already decided`);
  const resume = signedResume(
    deps.secret,
    pending,
    {
      decision: parsed.decision,
      ...(parsed.comment ? { comment: parsed.comment } : {}),
      ...(parsed.edited ? { edited: parsed.edited } : {}),
    },
    identity,
    deps.now,
  );
  await deps.queue.enqueue({
    kind: "resume",
    incidentId: parsed.incidentId,
    resume,
    commandId: `iam-${parsed.incidentId}-${round}`,
  });
  return json(202, {
    ok: true,
    incidentId: parsed.incidentId,
    round,
    by: identity,
    decision: parsed.decision,
  });
}
