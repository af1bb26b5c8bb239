import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { Logger } from "@aws-lambda-powertools/logger";
import type { SQSRecord } from "aws-lambda";
import type { Ingestor } from "../../runtime/dispatch.js";

/** An event intake cannot use; the message says what was wrong, where, and what to do. */
export class RejectedEventError extends Error {
  override name = "RejectedEventError";
}

function isSqsBatch(event: unknown): event is { Records: SQSRecord[] } {
  const records = (event as { Records?: { eventSource?: string }[] } | null)?.Records;
  return Array.isArray(records) && records.length > 0 && records.every((r) => r?.eventSource === "aws:sqs");
}

async function ingestOne(event: unknown, responder: Ingestor, logger: Logger) {
  const result = await responder.ingest(event);
  if (!result.ok) {
    logger.error("event rejected", { error: result.error });
    throw new RejectedEventError(`${result.error.message} at ${result.error.path}. ${result.error.hint}`);
  }
  for (const d of result.decisions) {
    logger.info("intake decision", {
      kind: d.kind,
      incidentId: d.incident?.id,
      startRun: d.startRun,
      reason: d.reason,
    });
  }
  return result.decisions.length;
}

/**
 * EventBridge and SNS deliveries are one event each: a rejected one throws, so Lambda's asynchronous
 * invocation retries it twice and then sends it to the function's dead-letter queue (the intake DLQ). An SQS batch reports each bad record as a batch item
 * failure (it reaches the DLQ after its retries) and processes the rest.
 */
export async function handleIntakeEvent(event: unknown, responder: Ingestor, logger: Logger) {
  if (!isSqsBatch(event)) {
    await ingestOne(event, responder, logger);
    return undefined;
  }
  const processor = new BatchProcessor(EventType.SQS);
  return processPartialResponse(
    event,
    async (record: SQSRecord) => {
      let body: unknown;
      try {
        body = JSON.parse(record.body);
      } catch {
        throw new RejectedEventError(
          `SQS message ${record.messageId} is not JSON; send alarm events as JSON bodies`,
        );
      }
      await ingestOne(body, responder, logger);
    },
    processor,
    { throwOnFullBatchFailure: false },
  );
}
