/**
 * Creates the adapters' DynamoDB tables for local runs and tests (production tables come from the CDK
 * stack, same shape): string `pk`/`sk`, on-demand billing, optional GSIs, TTL where the endpoint supports it.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { awsCall, isAwsError } from "./errors.js";

export interface TableIndex {
  name: string;
  pk: string;
  sk: string;
}

export interface EnsureTableOptions {
  indexes?: TableIndex[];
  /** TTL attribute (epoch seconds), or false. */
  ttlAttribute?: string | false;
  /** How long to wait for ACTIVE. Default 60 s. */
  timeoutMs?: number;
}

/** Creates the table unless it exists, waits until it is ACTIVE, enables TTL; returns whether it created it. */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<boolean> {
  const ctx = (action: string) => ({
    action,
    resource: `DynamoDB table ${tableName}`,
    region: () => client.config.region(),
  });
  const indexes = options.indexes ?? [];
  const attributes = new Set(["pk", "sk", ...indexes.flatMap((i) => [i.pk, i.sk])]);
  let created = true;
  try {
    await awsCall(ctx("dynamodb:CreateTable"), () =>
      client.send(
        new CreateTableCommand({
          TableName: tableName,
          BillingMode: "PAY_PER_REQUEST",
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          AttributeDefinitions: [...attributes].map((AttributeName) => ({
            AttributeName,
            AttributeType: "S",
          })),
          ...(indexes.length
            ? {
                GlobalSecondaryIndexes: indexes.map((i) => ({
                  IndexName: i.name,
                  KeySchema: [
                    { AttributeName: i.pk, KeyType: "HASH" },
                    { AttributeName: i.sk, KeyType: "RANGE" },
                  ],
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
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (let delay = 50; ; delay = Math.min(delay * 2, 1_000)) {
    const res = await awsCall(ctx("dynamodb:DescribeTable"), () =>
      client.send(new DescribeTableCommand({ TableName: tableName })),
    );
    const indexesReady = (res.Table?.GlobalSecondaryIndexes ?? []).every((i) => i.IndexStatus === "ACTIVE");
    if (res.Table?.TableStatus === "ACTIVE" && indexesReady) break;
    if (Date.now() > deadline)
      throw new Error(`DynamoDB table ${tableName} is still ${res.Table?.TableStatus} after waiting`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  const ttl = options.ttlAttribute ?? false;
  if (ttl && created) {
    try {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: ttl, Enabled: true },
        }),
      );
    } catch {
      // dynalite has no UpdateTimeToLive; items then simply do not expire.
    }
  }
  return created;
}
