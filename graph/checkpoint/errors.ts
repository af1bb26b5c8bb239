/**
 * Errors raised by the DynamoDB checkpoint saver. AWS SDK errors that usually mean "your setup is
 * wrong" are classified by the shared AWS error classifier (`tools/aws-shared/errors.ts`) and rewritten
 * into the saver's own error classes with messages that say what to do; everything else passes through.
 */
import { classifyAwsError } from "../../tools/aws-shared/errors.js";

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

export interface AwsErrorContext {
  service: "DynamoDB" | "S3";
  /** Table name or bucket name. */
  resource: string;
  region: () => Promise<string>;
}

/** Best effort region lookup: the SDK exposes it as an async provider that may itself fail. */
async function safeRegion(ctx: AwsErrorContext): Promise<string> {
  try {
    return await ctx.region();
  } catch {
    return "(unresolved region)";
  }
}

/** Map an AWS SDK error to a checkpoint error with an actionable message; returns the input when nothing applies. */
export async function toCheckpointError(err: unknown, ctx: AwsErrorContext): Promise<unknown> {
  const failure = classifyAwsError(err);
  if (failure === undefined) return err;
  const { code, kind } = failure;
  const message = err instanceof Error ? err.message : String(err);
  if (ctx.service === "DynamoDB" && code === "ResourceNotFoundException") {
    return new CheckpointTableNotFoundError(ctx.resource, await safeRegion(ctx), { cause: err });
  }
  if (ctx.service === "S3" && code === "NoSuchBucket") {
    return new CheckpointOffloadError(
      `S3 offload bucket ${ctx.resource} not found in region ${await safeRegion(ctx)}: create it or fix ` +
        "the `s3.bucket` option of DynamoDBSaver",
      { cause: err },
    );
  }
  if (kind === "credentials") {
    return new CheckpointCredentialsError(
      `AWS credentials were missing or rejected while accessing ${ctx.service} ${ctx.resource} in region ` +
        `${await safeRegion(ctx)} (${code}: ${message}). Set AWS_PROFILE or AWS_ACCESS_KEY_ID/` +
        "AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or refresh an expired SSO session " +
        "(`aws sso login`); for local runs pass localAwsClientConfig(endpoint) to the client.",
      { cause: err },
    );
  }
  if (kind === "access-denied") {
    return new CheckpointCredentialsError(
      `Access denied to ${ctx.service} ${ctx.resource} in region ${await safeRegion(ctx)} (${message}). ` +
        "The caller's IAM policy must allow the checkpoint saver's actions on this resource.",
      { cause: err },
    );
  }
  return err;
}
