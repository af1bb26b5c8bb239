/**
 * A clock that enforces the invocation budget: `sleep` past the current deadline throws instead of waiting.
 * Lambda-mode evals and worker tests run the graph on it, so a node that would sleep through what its
 * invocation has left fails the run rather than hiding behind a virtual clock.
 */
import type { ClockPort } from "../ports.js";

export class BudgetExceededError extends Error {
  override name = "BudgetExceededError";
}

export class BudgetGuardClock implements ClockPort {
  /** The current invocation's deadline (ms on the inner clock); no limit while undefined. */
  deadlineMs: number | undefined;
  /** Milliseconds slept since the last `resetSlept()`. */
  slept = 0;

  constructor(private readonly inner: ClockPort) {}

  now(): Date {
    return this.inner.now();
  }

  async sleep(ms: number): Promise<void> {
    const now = this.inner.now().getTime();
    if (this.deadlineMs !== undefined && now + ms > this.deadlineMs) {
      throw new BudgetExceededError(
        `a node tried to sleep ${ms} ms at ${new Date(now).toISOString()}, past the invocation budget ` +
          `(${new Date(this.deadlineMs).toISOString()}); it must checkpoint and ask for a wake-up instead`,
      );
    }
    this.slept += ms;
    await this.inner.sleep(ms);
  }

  resetSlept(): void {
    this.slept = 0;
  }
}
