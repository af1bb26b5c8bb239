import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { InvocationBudget } from "../../../graph/budget.js";
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
      const result = await responder.work(command, budget ? { budget: budget() } : {});
      logger.info("work done", {
        command: command.kind,
        incidentId: command.incidentId,
        ms: Date.now() - started,
        ...(result?.wakeup ? { wakeupAt: result.wakeup.at, waitingFor: result.wakeup.reason } : {}),
      });
    },
    processor,
    { throwOnFullBatchFailure: false },
  );
}
