import { processPartialResponse, SqsFifoPartialProcessorAsync } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { InvocationBudget } from "../../../graph/budget.js";
import { persistentAwsFault, receiveCount } from "../../runtime/redrive.js";
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
 * Runs the queued commands in order. On a failure the FIFO processor fails the rest of that message group
 * (that incident's later commands) in the batch, so they are never run ahead of an earlier one; other
 * incidents' commands go on. `budget` gives each command what
 * the invocation has left; a run that would wait past it stops at a checkpoint with a scheduled wake-up.
 * A run that fails on an AWS fault that outlasted its retries is thrown back for redelivery, except on the
 * command's last receive (`maxReceiveCount`, the queue's redrive policy): then the incident is escalated
 * with the fault as the reason and the message is done, so the people on call hear of it from the incident
 * itself, not only from a message in the dead-letter queue.
 */
export async function handleWorkBatch(
  event: SQSEvent,
  responder: Responder,
  logger: Logger,
  budget?: () => InvocationBudget,
  options: { maxReceiveCount?: number } = {},
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
      let result: Awaited<ReturnType<Responder["work"]>>;
      try {
        result = await responder.work(command, budget ? { budget: budget() } : {});
      } catch (error) {
        const fault = persistentAwsFault(error);
        const receives = receiveCount(record.attributes);
        if (!fault || options.maxReceiveCount === undefined || receives < options.maxReceiveCount)
          throw error;
        const reason = `AWS kept failing after ${receives} deliveries of the ${command.kind} command: ${fault.message}`;
        logger.error("persistent AWS fault on the last delivery: escalating", {
          incidentId: command.incidentId,
          call: fault.call,
          error: fault.message,
          receives,
        });
        await responder.escalate(command.incidentId, reason);
        return;
      }
      logger.info("work done", {
        command: command.kind,
        incidentId: command.incidentId,
        ms: Date.now() - started,
        ...(result?.wakeup ? { wakeupAt: result.wakeup.at, waitingFor: result.wakeup.reason } : {}),
      });
    },
    processor,
    // Only the failed message's group (its incident) stops: without this a poison message failed every
    // later record of the batch, other incidents' commands included, until their receives ran out and
    // they were dead-lettered with it (found by the queue cases of eval:chaos).
    { throwOnFullBatchFailure: false, skipGroupOnError: true },
  );
}
