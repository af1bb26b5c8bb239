/**
 * Errors raised by the DynamoDB checkpoint saver. AWS SDK errors that usually mean "your setup is
 * wrong" are rewritten into messages that say what to do; everything else passes through.
 */
import { CREDENTIAL_ERROR_NAMES } from "../../tools/aws-error-names.js";

export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

export class CheckpointTableNotFoundError extends Error {
  override name = "CheckpointTableNotFoundError";
  constructor(
    readonly tableName: string,
    readonly region: string,
    options?: { cause?: unknown },
  ) {
    super(
      `DynamoDB table ${tableName} not found in region ${region}: create it with createCheckpointTable() ` +
        "or deploy the CDK stack",
      options,
    );
  }
}

export class CheckpointCredentialsError extends Error {
  override name = "CheckpointCredentialsError";
}

export class CheckpointItemTooLargeError extends Error {
  override name = "CheckpointItemTooLargeError";
  constructor(
    readonly what: string,
    readonly bytes: number,
  ) {
    super(
      `${what} of ${bytes} bytes exceeds DynamoDB's 400 KB item limit; configure offload bucket ` +
        "(DynamoDBSaver option `s3: { client, bucket }`) so large payloads are stored in S3, " +
        "or enable `compress: true`",
    );
  }
}

export class CheckpointOffloadError extends Error {
  override name = "CheckpointOffloadError";
}

const ACCESS_ERRORS = new Set(["AccessDeniedException", "AccessDenied"]);

export interface AwsErrorContext {
  service: "DynamoDB" | "S3";
  /** Table name or bucket name. */
  resource: string;
  region: () => Promise<string>;
}

function errorName(err: unknown): string | undefined {
  return err instanceof Error ? err.name : undefined;
}

/** Best effort region lookup: the SDK exposes it as an async provider that may itself fail. */
async function safeRegion(ctx: AwsErrorContext): Promise<string> {
  try {
    return await ctx.region();
  } catch {
    return "(unresolved region)";
  }
}

/** Map an AWS SDK error to one with an actionable message; returns the input when nothing applies. */
export async function translateAwsError(err: unknown, ctx: AwsErrorContext): Promise<unknown> {
  const name = errorName(err);
  if (name === undefined) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (ctx.service === "DynamoDB" && name === "ResourceNotFoundException") {
    return new CheckpointTableNotFoundError(ctx.resource, await safeRegion(ctx), { cause: err });
  }
  if (ctx.service === "S3" && name === "NoSuchBucket") {
    return new CheckpointOffloadError(
      `S3 offload bucket ${ctx.resource} not found in region ${await safeRegion(ctx)}: create it or fix ` +
        "the `s3.bucket` option of DynamoDBSaver",
      { cause: err },
    );
  }
  if (CREDENTIAL_ERROR_NAMES.has(name)) {
    return new CheckpointCredentialsError(
      `AWS credentials were missing or rejected while accessing ${ctx.service} ${ctx.resource} in region ` +
        `${await safeRegion(ctx)} (${name}: ${message}). Set AWS_PROFILE or AWS_ACCESS_KEY_ID/` +
        "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or refresh an expired SSO session " +
        "(`aws sso login`); for local runs pass localAwsClientConfig(endpoint) to the client.",
      { cause: err },
    );
  }
  if (ACCESS_ERRORS.has(name)) {
    return new CheckpointCredentialsError(
      `Access denied to ${ctx.service} ${ctx.resource} in region ${await safeRegion(ctx)} (${message}). ` +
        "The caller's IAM policy must allow the checkpoint saver's actions on this resource.",
      { cause: err },
    );
  }
  return err;
}
