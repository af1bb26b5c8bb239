import type { Context } from "aws-lambda";
import { handleIntakeEvent } from "./core/intake-event.js";
import { lambdaDeps, logger } from "./deps.js";

/** EventBridge (alarm state changes), SNS (alarm notifications) or SQS (either, buffered) → incidents. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  const { responder } = await lambdaDeps();
  return handleIntakeEvent(event, responder, logger);
};
