/**
 * The run queue's redrive policy, shared by the stack (which sets it on the queue) and the worker (which,
 * on a command's last receive, escalates an incident whose AWS fault outlasted every retry instead of
 * letting the command fall silently into the dead-letter queue).
 */
import { PersistentAwsFaultError } from "../../tools/faults/retry.js";

/** A command is tried this many times before it parks in the run DLQ. */
export const RUN_MAX_RECEIVE_COUNT = 5;

/** The `PersistentAwsFaultError` behind an error (itself or along its `cause` chain), if any. */
export function persistentAwsFault(error: unknown): PersistentAwsFaultError | undefined {
  for (let e = error, depth = 0; e && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof PersistentAwsFaultError) return e;
    if ((e as Error).name === "PersistentAwsFaultError") return e as PersistentAwsFaultError;
  }
  return undefined;
}

/** `ApproximateReceiveCount` of an SQS record (1 when absent or unreadable: treat it as a first receive). */
export function receiveCount(attributes: { ApproximateReceiveCount?: string } | undefined): number {
  const n = Number(attributes?.ApproximateReceiveCount);
  return Number.isInteger(n) && n > 0 ? n : 1;
}
