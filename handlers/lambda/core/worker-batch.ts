import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { InvocationBudget } from "../../../graph/budget.js";
import type { Responder } from "../../runtime/responder.js";
import { WorkCommandSchema } from "../../runtime/work-queue.js";

/**
 * Runs the queued commands in order. On the first failure the FIFO processor fails the rest of the batch,
 * so an incident's later commands are never run ahead of an earlier one. `budget` gives each command what
 * the invocation has left; a run that would wait past it stops at a checkpoint with a scheduled wake-up.
 */
export async function handleWorkBatch(
  event: SQSEvent,
  responder: Responder,
  logger: Logger,
  budget?: () => InvocationBudget,
) {
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const parsed = WorkCommandSchema.safeParse(JSON.parse(record.body));
      if (!parsed.success)
        throw new Error(`work command ${record.messageId} is malformed: ${parsed.error.message}`);
      const started = Date.now();
      const result = await responder.work(parsed.data, budget ? { budget: budget() } : {});
      logger.info("work done", {
        command: parsed.data.kind,
        incidentId: parsed.data.incidentId,
        ms: Date.now() - started,
        ...(result?.wakeup ? { wakeupAt: result.wakeup.at, waitingFor: result.wakeup.reason } : {}),
      });
    },
    processor,
    { throwOnFullBatchFailure: false },
  );
}
