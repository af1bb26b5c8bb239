import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context, SQSEvent } from "aws-lambda";
import { handleWorkBatch } from "./core/worker-batch.js";
import { lambdaDeps, logger, metrics } from "./deps.js";

/** SQS FIFO consumer: runs or resumes the graph for one incident per message, in order per incident. */
export const handler = async (event: SQSEvent, context: Context) => {
  logger.addContext(context);
  const { responder } = await lambdaDeps();
  const started = Date.now();
  try {
    return await handleWorkBatch(event, responder, logger);
  } finally {
    metrics.addMetric("GraphRunDuration", MetricUnit.Milliseconds, Date.now() - started);
    metrics.publishStoredMetrics();
  }
};
