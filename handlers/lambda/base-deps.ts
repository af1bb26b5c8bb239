import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { IncidentStore, type ServiceMapInput } from "../intake/index.js";
import { SqsFifoWorkQueue } from "../runtime/sqs-queue.js";
import { jsonVar, readLambdaEnv } from "./env.js";

export const logger = new Logger({ serviceName: "air" });
export const metrics = new Metrics({ namespace: "AIR", serviceName: "air" });

/** What every function needs: the environment, DynamoDB, the work queue and the incident store. */
export function base() {
  const env = readLambdaEnv();
  const region = env.AWS_REGION;
  const dynamo = new DynamoDBClient({ region, maxAttempts: 5 });
  const queue = new SqsFifoWorkQueue(new SQSClient({ region }), env.AIR_WORK_QUEUE_URL);
  const store = new IncidentStore({
    client: dynamo,
    tableName: env.AIR_INCIDENT_TABLE,
    config: { serviceMap: (jsonVar("AIR_SERVICE_MAP", env.AIR_SERVICE_MAP) ?? {}) as ServiceMapInput },
  });
  return { env, region, dynamo, queue, store };
}

/** A cold-start singleton; a failed build is retried on the next invocation rather than cached. */
export function once<T>(build: () => Promise<T>): () => Promise<T> {
  let cached: Promise<T> | undefined;
  return () => {
    cached ??= build().catch((error: unknown) => {
      cached = undefined;
      throw error;
    });
    return cached;
  };
}
