/**
 * Retries for port calls, with the SDK's rules: only retryable errors (throttling, 5xx, timeouts), capped
 * exponential backoff with full jitter, a bounded number of attempts — and only calls that are safe to
 * repeat: reads, and writes that carry an idempotency key (an automation start has its ClientToken). A
 * fault that persists surfaces as `PersistentAwsFaultError`, naming the call, the fault and the attempts.
 */
import type { Ports } from "../ports.js";
import { AWS_PORT_METHODS } from "./port-faults.js";

const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "ProvisionedThroughputExceededException",
]);
const TRANSIENT = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalServerError",
]);

/** Whether an error is worth another attempt, as the SDK's standard retry strategy decides. */
export function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = e?.$metadata?.httpStatusCode ?? 0;
  return (
    THROTTLING.has(e?.name ?? "") ||
    TRANSIENT.has(e?.name ?? "") ||
    status === 429 ||
    status >= 500 ||
    !!e?.$retryable
  );
}

export class PersistentAwsFaultError extends Error {
  override name = "PersistentAwsFaultError";
  constructor(
    readonly call: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(
      `${call} failed ${attempts} times in a row (last: ${(cause as Error)?.name}: ${(cause as Error)?.message}); ` +
        "AWS keeps refusing or timing out — the run stops here and the worker's retry or the dead-letter queue takes over",
    );
  }
}

export interface RetryOptions {
  /** Attempts per call, the first included (the SDK's standard mode default is 3). */
  maxAttempts?: number;
  /** Backoff base and cap, ms. */
  baseMs?: number;
  capMs?: number;
  /** Real sleep between attempts (not the ports clock: a virtual clock would move the simulated world). */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called for each retry (for counting). */
  onRetry?: (call: string, error: unknown) => void;
}

/** Full jitter: uniform in [0, min(cap, base·2^attempt)]. */
export function backoffMs(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseMs ?? 100;
  const cap = options.capMs ?? 20_000;
  return (options.random ?? Math.random)() * Math.min(cap, base * 2 ** attempt);
}

/** Calls `fn` until it succeeds, fails with a non-retryable error, or runs out of attempts. */
export async function withRetry<T>(
  call: string,
  fn: () => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.maxAttempts ?? 5;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error)) throw error;
      if (attempt >= attempts) throw new PersistentAwsFaultError(call, attempt, error);
      options.onRetry?.(call, error);
      await sleep(backoffMs(attempt, options));
    }
  }
}

/**
 * Wraps the AWS ports on `ports` in retries. Every wrapped method is safe to repeat: the ports' reads, and
 * `automation.start`, whose request carries a ClientToken (a repeat returns the first execution). A start
 * without one is never retried.
 */
export function withRetries(ports: Ports, options: RetryOptions = {}): void {
  for (const [portName, methods] of Object.entries(AWS_PORT_METHODS)) {
    const port = ports[portName as keyof typeof AWS_PORT_METHODS] as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const retrying: Record<string, unknown> = Object.create(port);
    for (const method of methods) {
      const original = port[method]!.bind(port);
      const call = `${portName}.${method}`;
      retrying[method] = (...args: unknown[]) => {
        const keyed = call !== "automation.start" || !!(args[0] as { clientToken?: string })?.clientToken;
        return keyed ? withRetry(call, () => original(...args), options) : original(...args);
      };
    }
    (ports as unknown as Record<string, unknown>)[portName] = retrying;
  }
}
