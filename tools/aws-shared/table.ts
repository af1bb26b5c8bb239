/**
 * The one DynamoDB table creator, for local runs, tests and `air doctor` (production tables come from the CDK
 * stack, same shapes). Creates the table unless it exists, waits until it and its indexes are ACTIVE, and
 * enables TTL where the endpoint supports it. "Already exists" means `ResourceInUseException`, nothing else.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { awsCall, classifyAwsError, isAwsError } from "./errors.js";

export interface TableIndex {
  name: string;
  pk: string;
  /** Sort key of the index; omit for a partition-key-only index. */
  sk?: string;
}

/** A table's shape: every key attribute is a string. */
export interface TableShape {
  /** Partition key attribute. Default `pk`. */
  partitionKey?: string;
  /** Sort key attribute, or false for a partition-key-only table. Default `sk`. */
  sortKey?: string | false;
  /** Global secondary indexes (projection ALL). */
  indexes?: readonly TableIndex[];
  /** TTL attribute (epoch seconds), or false. Default false. */
  ttlAttribute?: string | false;
}

export interface EnsureTableOptions extends TableShape {
  /** How long to wait for ACTIVE. Default 60 s. */
  timeoutMs?: number;
}

export interface EnsureTableResult {
  /** False when the table already existed. */
  created: boolean;
  /** Whether TTL is on; false when not asked for or the endpoint (dynalite) has no UpdateTimeToLive. */
  ttlEnabled: boolean;
}

function keySchema(pk: string, sk: string | false | undefined): KeySchemaElement[] {
  return [
    { AttributeName: pk, KeyType: "HASH" },
    ...(sk ? [{ AttributeName: sk, KeyType: "RANGE" as const }] : []),
  ];
}

/** Creates `tableName` with `shape` unless it exists, waits until ACTIVE, enables TTL. Safe to call repeatedly. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<EnsureTableResult> {
  const ctx = (action: string) => ({
    action,
    resource: `DynamoDB table ${tableName}`,
    region: () => client.config.region(),
  });
  const pk = options.partitionKey ?? "pk";
  const sk = options.sortKey === undefined ? "sk" : options.sortKey;
  const indexes = options.indexes ?? [];
  const attributes = new Set([
    pk,
    ...(sk ? [sk] : []),
    ...indexes.flatMap((i) => [i.pk, ...(i.sk ? [i.sk] : [])]),
  ]);
  const AttributeDefinitions: AttributeDefinition[] = [...attributes].map((AttributeName) => ({
    AttributeName,
    AttributeType: "S",
  }));
  let created = true;
  try {
    await awsCall(ctx("dynamodb:CreateTable"), () =>
      client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: "PAY_PER_REQUEST",
          KeySchema: keySchema(pk, sk),
          AttributeDefinitions,
          ...(indexes.length
            ? {
                GlobalSecondaryIndexes: indexes.map((i) => ({
                  IndexName: i.name,
                  KeySchema: keySchema(i.pk, i.sk),
                  Projection: { ProjectionType: "ALL" },
                })),
              }
            : {}),
        }),
      ),
    );
  } catch (err) {
    if (!isAwsError(err, "ResourceInUseException")) throw err;
    created = false;
  }
  await waitUntilActive(client, tableName, options.timeoutMs ?? 60_000);
  const ttl = options.ttlAttribute ?? false;
  if (!ttl) return { created, ttlEnabled: false };
  try {
    await awsCall(ctx("dynamodb:UpdateTimeToLive"), () =>
      client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: ttl, Enabled: true },
        }),
      ),
    );
    return { created, ttlEnabled: true };
  } catch (err) {
    const failure = classifyAwsError(err);
    const message = err instanceof Error ? err.message : "";
    // Already enabled (a re-run) is fine; an emulator without the API (dynalite) leaves items unexpired.
    if (/already enabled/i.test(message)) return { created, ttlEnabled: true };
    if (failure?.code === "UnknownOperationException") return { created, ttlEnabled: false };
    throw err;
  }
}

/** Waits until the table and all its indexes are ACTIVE, polling with backoff up to `timeoutMs`. */
export async function waitUntilActive(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const res = await awsCall(
      {
        action: "dynamodb:DescribeTable",
        resource: `DynamoDB table ${tableName}`,
        region: () => client.config.region(),
      },
      () => client.send(new DescribeTableCommand({ TableName: tableName })),
    );
    const indexesReady = (res.Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    if (res.Table?.TableStatus === "ACTIVE" && indexesReady) return;
    if (Date.now() > deadline)
      throw new Error(`DynamoDB table ${tableName} is still ${res.Table?.TableStatus} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
