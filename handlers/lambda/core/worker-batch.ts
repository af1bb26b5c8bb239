import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { Responder } from "../../runtime/responder.js";
import { type WorkCommand, WorkCommandSchema } from "../../runtime/work-queue.js";

/** A queued message that is not a work command: reported as a batch item failure (then dead-lettered). */
export class MalformedWorkCommandError extends Error {
  override name = "MalformedWorkCommandError";
}

/** The work command in an SQS record, or a clear error naming the message and what is wrong with it. */
export function parseWorkRecord(record: SQSRecord): WorkCommand {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch (error) {
    throw new MalformedWorkCommandError(
      `work command ${record.messageId} is not JSON (${(error as Error).message}); body starts ` +
        `${JSON.stringify(record.body.slice(0, 80))}. It will be retried and then dead-lettered.`,
    );
  }
  const parsed = WorkCommandSchema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new MalformedWorkCommandError(`work command ${record.messageId} is malformed: ${issues}`);
  }
  return parsed.data;
}

/**
 * Runs the queued commands in order. On the first failure the FIFO processor fails the rest of the batch,
 * so an incident's later commands are never run ahead of an earlier one.
 */
export async function handleWorkBatch(event: SQSEvent, responder: Responder, logger: Logger) {
  const processor = new SqsFifoPartialProcessorAsync();
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      let command: WorkCommand;
      try {
        command = parseWorkRecord(record);
      } catch (error) {
        logger.error("malformed work command", {
          messageId: record.messageId,
          error: (error as Error).message,
        });
        throw error;
      }
      const started = Date.now();
      await responder.work(command);
      logger.info("work done", {
        command: command.kind,
        incidentId: command.incidentId,
        ms: Date.now() - started,
      });
    },
    processor,
    { throwOnFullBatchFailure: false },
  );
}
