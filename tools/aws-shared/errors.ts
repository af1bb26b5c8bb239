/**
 * The one AWS error translator, shared by the port adapters (`tools/aws/`), the checkpoint saver and the
 * local AWS starter. AWS SDK errors rewritten into messages that say what failed, on what, and what to do: a missing IAM
 * permission names the action and resource, a missing resource names what and where. Throttling is
 * retried by the SDK (standard retry mode, `maxAttempts`); what reaches here has exhausted those retries.
 */
/** AWS SDK error names that mean "your credentials are missing, wrong or expired". */
export const CREDENTIAL_ERROR_NAMES: ReadonlySet<string> = new Set([
  "CredentialsProviderError",
  "CredentialsError",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
  "InvalidAccessKeyId",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "TokenRefreshRequired",
  "MissingAuthenticationToken",
  "MissingAuthenticationTokenException",
]);

export type AwsErrorKind =
  | "access-denied"
  | "not-found"
  | "credentials"
  | "throttled"
  | "invalid"
  | "conflict"
  | "other";

/** Where a call went: the IAM action it needs and the resource it touched. */
export interface CallContext {
  /** IAM action, e.g. `cloudwatch:GetMetricData`. */
  action: string;
  /** What the call touched, in words: `log group /ecs/checkout`, `bucket air-audit`. */
  resource: string;
  /** The client's region provider (`client.config.region`). */
  region?: () => Promise<string>;
}

/** An AWS call that failed, with an actionable message; `code` keeps AWS's error name. */
export class AwsAdapterError extends Error {
  override name = "AwsAdapterError";
  constructor(
    message: string,
    readonly kind: AwsErrorKind,
    readonly code: string,
    readonly action: string,
    readonly resource: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const ACCESS = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "AuthorizationError",
  "AuthorizationErrorException",
  "UnauthorizedException",
  "Forbidden",
]);
const NOT_FOUND = new Set([
  "ResourceNotFoundException",
  "ResourceNotFound",
  "NoSuchBucket",
  "NoSuchKey",
  "NotFound",
  "NotFoundException",
  "ClusterNotFoundException",
  "ServiceNotFoundException",
  "InvalidInstanceID.NotFound",
  "AutomationExecutionNotFoundException",
  "AutomationDefinitionNotFoundException",
  "InvocationDoesNotExist",
  "InvalidCommandId",
  "InvalidDocument",
  "NoSuchEntityException",
  "WAFNonexistentItemException",
  "QueueDoesNotExist",
  "AWS.SimpleQueueService.NonExistentQueue",
  "DBInstanceNotFound",
  "DBInstanceNotFoundFault",
  "ParameterNotFound",
]);
const THROTTLED = new Set([
  "ThrottlingException",
  "Throttling",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
  "LimitExceededException",
  "SlowDown",
]);
const CONFLICT = new Set([
  "ConditionalCheckFailedException",
  "PreconditionFailed",
  "ConditionalRequestConflict",
  "IdempotentParameterMismatch",
]);

/** What usually lies behind codes whose AWS message does not say. */
const HINTS: Record<string, string> = {
  InvalidInstanceId:
    "The instance must be running, managed by Systems Manager (SSM agent online, instance profile with " +
    "AmazonSSMManagedInstanceCore) and in this account and region.",
  InvalidDocument: "Check the document name, and that it is shared with or owned by this account.",
};

/** AWS's error name for an SDK error (`name`, or S3's bare 412), or undefined for non-AWS errors. */
export function errorCode(err: unknown): string | undefined {
  if (err instanceof AwsAdapterError) return err.code;
  if (!(err instanceof Error)) return undefined;
  const status = (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 412 && (err.name === "Unknown" || err.name === "Error")) return "PreconditionFailed";
  return err.name;
}

/** What kind of failure an SDK error is, and AWS's code for it; undefined for non-AWS errors. */
export function classifyAwsError(err: unknown): { code: string; kind: AwsErrorKind } | undefined {
  if (err instanceof AwsAdapterError) return { code: err.code, kind: err.kind };
  if (!(err instanceof Error)) return undefined;
  const code = errorCode(err) ?? "Error";
  return { code, kind: kindOf(code, err.message) };
}

function kindOf(code: string, message: string): AwsErrorKind {
  if (ACCESS.has(code)) return "access-denied";
  if (NOT_FOUND.has(code)) return "not-found";
  if (THROTTLED.has(code)) return "throttled";
  if (CREDENTIAL_ERROR_NAMES.has(code)) return "credentials";
  if (CONFLICT.has(code)) return "conflict";
  if (/^Validation(Error|Exception)$/.test(code) && /not found|does not exist/i.test(message))
    return "not-found";
  if (/Invalid|Validation|Malformed|ClientException|BadRequest/.test(code)) return "invalid";
  return "other";
}

async function regionText(ctx: CallContext): Promise<string> {
  if (!ctx.region) return "";
  try {
    return ` in ${await ctx.region()}`;
  } catch {
    return "";
  }
}

/** Rewrites an SDK error; errors that are not AWS errors (or already translated) pass through. */
export async function translateAwsError(err: unknown, ctx: CallContext): Promise<unknown> {
  if (err instanceof AwsAdapterError || !(err instanceof Error)) return err;
  const code = errorCode(err) ?? "Error";
  const said = err.message ? ` (AWS said: ${err.message})` : "";
  const where = await regionText(ctx);
  const kind = kindOf(code, err.message);
  const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts;
  const text: Record<AwsErrorKind, string> = {
    "access-denied":
      `${code}: ${ctx.action} was denied on ${ctx.resource}${where}. Grant the responder's IAM role ` +
      `"${ctx.action}" on that resource${said}`,
    "not-found":
      `${code}: ${ctx.resource} was not found${where} (calling ${ctx.action}). Check the name and that ` +
      `the adapter points at the right account and region${said}`,
    credentials:
      `${code}: AWS credentials were missing or rejected calling ${ctx.action} on ${ctx.resource}${where}. ` +
      "Set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or refresh an " +
      `expired SSO session (aws sso login)${said}`,
    throttled:
      `${code}: ${ctx.action} on ${ctx.resource}${where} was still throttled after ${attempts ?? "the SDK's"} ` +
      `attempt(s); raise maxAttempts or ask for a quota increase${said}`,
    conflict: `${code}: ${ctx.action} on ${ctx.resource}${where} conflicted with an earlier write${said}`,
    invalid: `${code}: AWS rejected ${ctx.action} on ${ctx.resource}${where}${said}`,
    other: `${code}: ${ctx.action} on ${ctx.resource}${where} failed${said}`,
  };
  const hint = HINTS[code] ? ` ${HINTS[code]}` : "";
  return new AwsAdapterError(text[kind] + hint, kind, code, ctx.action, ctx.resource, { cause: err });
}

/** Runs one SDK call and translates its failure. */
export async function awsCall<T>(ctx: CallContext, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw await translateAwsError(err, ctx);
  }
}

/** True when `err` is the given AWS error (raw or translated). */
export function isAwsError(err: unknown, ...codes: string[]): boolean {
  const code = errorCode(err);
  return code !== undefined && codes.includes(code);
}

/** True when `err` means "that resource does not exist". */
export function isNotFound(err: unknown): boolean {
  return err instanceof AwsAdapterError && err.kind === "not-found";
}
