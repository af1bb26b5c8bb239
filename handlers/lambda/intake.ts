import type { Context } from "aws-lambda";
import { logger } from "./base-deps.js";
import { handleIntakeEvent } from "./core/intake-event.js";
import { intakeDeps } from "./intake-deps.js";

/** EventBridge (alarm state changes), SNS (alarm notifications) or SQS (either, buffered) → incidents. */
export const handler = async (event: unknown, context: Context) => {
  logger.addContext(context);
  return handleIntakeEvent(event, await intakeDeps(), logger);
};
