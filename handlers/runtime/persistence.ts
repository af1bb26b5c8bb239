import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { type LocalAws, startLocalAws } from "../../tools/local-aws/servers.js";
import type { RuntimeConfig } from "./config.js";

export interface Persistence {
  saver: DynamoDBSaver;
  dynamo: DynamoDBClient;
  /** Where DynamoDB is: a local endpoint or "aws". */
  where: string;
  close(): Promise<void>;
}

/**
 * The checkpoint saver every entry point runs the graph on. With no endpoint configured it starts dynalite
 * and s3rver in this process (state kept under `persistDir` when given), so local runs exercise the same
 * saver as production.
 */
export async function openPersistence(config: RuntimeConfig, persistDir?: string): Promise<Persistence> {
  let local: LocalAws | undefined;
  let dynamo: DynamoDBClient;
  let s3: S3Client;
  let where: string;
  if (config.dynamoEndpoint) {
    const endpoint = config.dynamoEndpoint === "aws" ? undefined : config.dynamoEndpoint;
    dynamo = new DynamoDBClient({ region: config.region, ...(endpoint ? { endpoint } : {}) });
    s3 = new S3Client({
      region: config.region,
      ...(config.s3Endpoint ? { endpoint: config.s3Endpoint, forcePathStyle: true } : {}),
    });
    where = endpoint ?? `DynamoDB in ${config.region}`;
  } else {
    local = await startLocalAws({
      ...(persistDir ? { dynamoPath: `${persistDir}/dynamodb` } : {}),
      buckets: [config.offloadBucket],
      tables: { checkpoints: config.checkpointTable, incidents: config.incidentTable },
    });
    dynamo = local.dynamo;
    s3 = local.s3;
    where = `in-process dynalite (${local.dynamoEndpoint})`;
  }
  const saver = new DynamoDBSaver({
    client: dynamo,
    tableName: config.checkpointTable,
    s3: { client: s3, bucket: config.offloadBucket, prefix: "checkpoints/" },
  });
  return {
    saver,
    dynamo,
    where,
    async close() {
      if (local) return local.stop();
      dynamo.destroy();
      s3.destroy();
    },
  };
}
