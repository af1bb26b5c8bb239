/** Shared setup for the checkpoint tests: one dynalite (and s3rver) per test file, a table per saver. */
import { randomUUID } from "node:crypto";
import { DeleteTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import {
  type LocalServer,
  localAwsClientConfig,
  startLocalDynamo,
  startLocalS3,
} from "../../tools/local-aws/servers.js";
import { DynamoDBSaver, type DynamoDBSaverOptions } from "./saver.js";
import { createCheckpointTable } from "./table.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

export const TEST_BUCKET = "checkpoint-offload";

export class LocalAws {
  dynamo?: LocalServer;
  s3?: LocalServer;
  dynamoClient!: DynamoDBClient;
  s3Client!: S3Client;

  async start(options: { s3?: boolean } = {}): Promise<void> {
    this.dynamo = await startLocalDynamo();
    this.dynamoClient = new DynamoDBClient(localAwsClientConfig(this.dynamo.endpoint));
    if (options.s3) {
      this.s3 = await startLocalS3({ buckets: [TEST_BUCKET] });
      this.s3Client = new S3Client(localAwsClientConfig(this.s3.endpoint));
    }
  }

  async stop(): Promise<void> {
    this.dynamoClient?.destroy();
    this.s3Client?.destroy();
    await this.dynamo?.stop();
    await this.s3?.stop();
  }

  async newTable(): Promise<string> {
    const tableName = `checkpoints-${randomUUID()}`;
    await createCheckpointTable(this.dynamoClient, tableName);
    return tableName;
  }

  async newSaver(options: Partial<DynamoDBSaverOptions> = {}): Promise<DynamoDBSaver> {
    const tableName = options.tableName ?? (await this.newTable());
    return new DynamoDBSaver({ client: this.dynamoClient, ...options, tableName });
  }

  s3Options(prefix = "cp/") {
    return { client: this.s3Client, bucket: TEST_BUCKET, prefix };
  }

  async dropTable(tableName: string): Promise<void> {
    await this.dynamoClient.send(new DeleteTableCommand({ TableName: tableName }));
  }

  /** Every raw item in a table (test inspection only). */
  async scanAll(tableName: string): Promise<Record<string, unknown>[]> {
    const doc = DynamoDBDocumentClient.from(this.dynamoClient);
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const res = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
      items.push(...(res.Items ?? []));
      start = res.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
