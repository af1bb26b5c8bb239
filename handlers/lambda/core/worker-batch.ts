import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { Responder } from "../../runtime/responder.js";
import { WorkCommandSchema } from "../../runtime/work-queue.js";

/**
 * Runs the queued commands in order. On the first failure the FIFO processor fails the rest of the batch,
 * so an incident's later commands are never run ahead of an earlier one.
 */
export async function handleWorkBatch(event: SQSEvent, responder: Responder, logger: Logger) {
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      const parsed = WorkCommandSchema.safeParse(JSON.parse(record.body));
      if (!parsed.success)
        throw new Error(`work command ${record.messageId} is malformed: ${parsed.error.message}`);
      const started = Date.now();
      await responder.work(parsed.data);
      logger.info("work done", {
        command: parsed.data.kind,
        incidentId: parsed.data.incidentId,
        ms: Date.now() - started,
      });
    },
    processor,
    { throwOnFullBatchFailure: false },
  );
}
