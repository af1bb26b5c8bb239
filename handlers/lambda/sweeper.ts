import { MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { logger, metrics } from "./base-deps.js";
import { sweeperDeps } from "./sweeper-deps.js";

/** Scheduled: escalates approvals that waited longer than AIR_APPROVAL_MAX_WAIT_MINUTES. */
export const handler = async (_event: unknown, context: Context) => {
  logger.addContext(context);
  const { sweep, env } = await sweeperDeps();
  const escalated = await sweep(env.AIR_APPROVAL_MAX_WAIT_MINUTES);
  metrics.addMetric("StuckApprovals", MetricUnit.Count, escalated.length);
  metrics.publishStoredMetrics();
  if (escalated.length > 0) logger.warn("approvals waited too long; escalating", { incidents: escalated });
  return { escalated };
};
