/**
 * The run queue's redrive policy, shared by the stack (which sets it on the queue) and the worker (which,
 * on a command's last receive, escalates an incident whose AWS fault outlasted every retry instead of
 * letting the command fall silently into the dead-letter queue).
 */
import { AwsAdapterError } from "../../tools/aws-shared/errors.js";
import { isRetryable, PersistentAwsFaultError } from "../../tools/faults/retry.js";

/** A command is tried this many times before it parks in the run DLQ. */
export const RUN_MAX_RECEIVE_COUNT = 5;

/** An AWS fault that outlasted its retries: the call that failed and what it said. */
export interface PersistentFault {
  call: string;
  message: string;
}

/**
 * The AWS fault behind an error that outlasted its retries, if any (itself or along its `cause` chain): the
 * retry layer's `PersistentAwsFaultError`, an adapter error for throttling or a retryable cause (the SDK's
 * own retries already ran out), or a raw retryable SDK error (throttling, 5xx, timeout).
 */
export function persistentAwsFault(error: unknown): PersistentFault | undefined {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PersistentAwsFaultError || (e as Error).name === "PersistentAwsFaultError")
      return { call: (e as PersistentAwsFaultError).call, message: (e as Error).message };
    if (e instanceof AwsAdapterError) {
      if (e.kind === "throttled" || isRetryable(e.cause)) return { call: e.action, message: e.message };
      return undefined;
    }
    if (isRetryable(e)) return { call: (e as Error).name, message: (e as Error).message };
  }
  return undefined;
}

/** `ApproximateReceiveCount` of an SQS record (1 when absent or unreadable: treat it as a first receive). */
export function receiveCount(attributes: { ApproximateReceiveCount?: string } | undefined): number {
  const n = Number(attributes?.ApproximateReceiveCount);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
