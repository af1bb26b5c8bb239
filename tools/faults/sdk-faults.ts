/**
 * Fault injection for real AWS SDK v3 clients (pointed at dynalite/s3rver in tests): a middleware placed
 * inside the SDK's retry loop, so the client's own retry strategy (standard or adaptive, jittered backoff,
 * retry quota) sees each fault exactly as it would see AWS's. Faults:
 * - throttling (`ThrottlingException`, 400) and server errors (500), before the request is sent;
 * - a timeout before the request is sent, and one after AWS did the work but the answer was lost — the
 *   retry then repeats a write that already happened (a conditional write fails its condition);
 * - a partial batch: `BatchWriteItem` writes everything but reports some items unprocessed;
 * - eventual consistency: a read without `ConsistentRead` answers as if the latest writes were not there yet.
 */
import type { DeserializeMiddleware, MiddlewareStack } from "@smithy/types";
import type { AwsFaultClass, FaultSchedule } from "./schedule.js";

type Handler = (args: { input: Record<string, unknown> }) => Promise<{ output: Record<string, unknown> }>;
type Middleware = (next: Handler, context: { commandName?: string }) => Handler;

/** An error shaped as the SDK shapes a service error, so its retry classifier treats it as AWS's own. */
function sdkError(name: string, status: number, message: string, throttling = false): Error {
  const error = new Error(message) as Error & Record<string, unknown>;
  error.name = name;
  error["$fault"] = status >= 500 ? "server" : "client";
  error["$metadata"] = { httpStatusCode: status, attempts: 1 };
  if (throttling) error["$retryable"] = { throttling: true };
  return error;
}

function timeoutError(afterSend: boolean): Error {
  const error = new Error(
    afterSend
      ? "injected: the request reached AWS but the response timed out"
      : "injected: the connection timed out before the request was sent",
  );
  error.name = "TimeoutError";
  return error;
}

const READS = new Set(["GetItemCommand", "QueryCommand", "ScanCommand", "BatchGetItemCommand"]);

/** Which fault classes can hit this call. */
function applicable(command: string, input: Record<string, unknown>): AwsFaultClass[] {
  const classes: AwsFaultClass[] = [
    "throttling",
    "server-error",
    "timeout-before-send",
    "timeout-after-send",
  ];
  if (command === "BatchWriteItemCommand") classes.push("partial-batch");
  if (READS.has(command) && input["ConsistentRead"] !== true && command !== "BatchGetItemCommand")
    classes.push("eventual-consistency");
  return classes;
}

/** Moves about half of each table's requests to `UnprocessedItems` (they were written anyway). */
function partialBatch(
  input: Record<string, unknown>,
  output: Record<string, unknown>,
): Record<string, unknown> {
  const requested = (input["RequestItems"] ?? {}) as Record<string, unknown[]>;
  const unprocessed: Record<string, unknown[]> = {};
  for (const [table, items] of Object.entries(requested)) {
    const left = items.slice(Math.ceil(items.length / 2));
    if (left.length > 0) unprocessed[table] = left;
  }
  return { ...output, UnprocessedItems: unprocessed };
}

/** A stale read: the item or the latest page is not visible yet. */
function staleRead(command: string, output: Record<string, unknown>): Record<string, unknown> {
  if (command === "GetItemCommand") {
    const { Item: _gone, ...rest } = output;
    return rest;
  }
  const items = (output["Items"] as unknown[] | undefined) ?? [];
  const kept = items.slice(0, Math.max(0, items.length - 1));
  return { ...output, Items: kept, Count: kept.length };
}

/** Adds the fault middleware to a client; the schedule decides per call. */
export function injectSdkFaults<I extends object, O extends object>(
  client: { middlewareStack: MiddlewareStack<I, O> },
  schedule: FaultSchedule,
): void {
  const middleware: Middleware = (next, context) => async (args) => {
    const command = context.commandName ?? "";
    const fault = schedule.draw(applicable(command, args.input));
    if (fault === "throttling")
      throw sdkError(
        "ThrottlingException",
        400,
        "injected: Rate of requests exceeds the allowed throughput.",
        true,
      );
    if (fault === "server-error")
      throw sdkError("InternalServerError", 500, "injected: Internal server error");
    if (fault === "timeout-before-send") throw timeoutError(false);
    const result = await next(args);
    if (fault === "timeout-after-send") throw timeoutError(true);
    if (fault === "partial-batch") return { ...result, output: partialBatch(args.input, result.output) };
    if (fault === "eventual-consistency") return { ...result, output: staleRead(command, result.output) };
    return result;
  };
  client.middlewareStack.add(middleware as unknown as DeserializeMiddleware<I, O>, {
    step: "deserialize",
    name: "airChaosFaults",
    override: true,
  });
}
