/**
 * Table bootstrap for local runs and tests. Production tables come from the CDK stack; this mirrors
 * its shape: string `pk`/`sk`, on-demand billing, TTL on `ttl`.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { translateAwsError } from "./errors.js";

export interface CreateCheckpointTableOptions {
  /** How long to wait for the table to become ACTIVE. Default 60 s. */
  timeoutMs?: number;
  /** TTL attribute to enable; `false` to skip. Default `ttl`. */
  ttlAttribute?: string | false;
}

export interface CreateCheckpointTableResult {
  created: boolean;
  /** Whether TTL is enabled; false when the endpoint (e.g. dynalite) lacks UpdateTimeToLive. */
  ttlEnabled: boolean;
}

const errorName = (err: unknown) => (err instanceof Error ? err.name : "");

/** Create the checkpoint table if it does not exist, wait until it is ACTIVE, and enable TTL. */
export async function createCheckpointTable(
  client: DynamoDBClient,
  tableName: string,
  options: CreateCheckpointTableOptions = {},
): Promise<CreateCheckpointTableResult> {
  const fail = async (err: unknown): Promise<never> => {
    throw await translateAwsError(err, {
      service: "DynamoDB",
      resource: tableName,
      region: () => client.config.region(),
    });
  };
  let created = true;
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: "PAY_PER_REQUEST",
        KeySchema: [
          { AttributeName: "pk", KeyType: "HASH" },
          { AttributeName: "sk", KeyType: "RANGE" },
        ],
        AttributeDefinitions: [
          { AttributeName: "pk", AttributeType: "S" },
          { AttributeName: "sk", AttributeType: "S" },
        ],
      }),
    );
  } catch (err) {
    if (errorName(err) !== "ResourceInUseException") await fail(err);
    created = false;
  }

  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const res = await client.send(new DescribeTableCommand({ TableName: tableName })).catch(fail);
    if (res.Table?.TableStatus === "ACTIVE") break;
    if (Date.now() > deadline) {
      throw new Error(`DynamoDB table ${tableName} is still ${res.Table?.TableStatus} after waiting`);
    }
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  const ttlAttribute = options.ttlAttribute ?? "ttl";
  if (ttlAttribute === false) return { created, ttlEnabled: false };
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: ttlAttribute, Enabled: true },
      }),
    );
    return { created, ttlEnabled: true };
  } catch (err) {
    const name = errorName(err);
    const message = err instanceof Error ? err.message : "";
    // Already enabled (idempotent re-run) or an emulator without the API: both fine locally.
    if (name === "ValidationException" && /already enabled/i.test(message))
      return { created, ttlEnabled: true };
    if (name === "UnknownOperationException") {
      return { created, ttlEnabled: false };
    }
    return fail(err);
  }
}
