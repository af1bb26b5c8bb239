/**
 * The worker's timing is consistent for every worker timeout the config allows: the graph's budget ends
 * before the worker does, a command stays invisible for longer than any worker can run on it (no second
 * delivery while the first worker still runs), and all retries fit in the queue's retention.
 */
import { describe, expect, it } from "vitest";
import { BUDGET_SAFETY_MARGIN_MS, budgetFromRemaining } from "../graph/budget.js";
import { ResponderConfigSchema } from "./config.js";
import { RUN_MAX_RECEIVE_COUNT, runVisibilityTimeout } from "./constructs/queues.js";

/** The run queue's retention (queues.ts). */
const RUN_RETENTION_SECONDS = 4 * 24 * 3600;

describe("worker timing", () => {
  it.each([1, 5, 15])(
    "worker timeout %i min: budget < timeout < visibility; retries < retention",
    (minutes) => {
      const config = ResponderConfigSchema.parse({ workerTimeoutMinutes: minutes });
      const timeoutMs = config.workerTimeoutMinutes * 60_000;
      const budget = budgetFromRemaining(0, timeoutMs);
      expect(budget.deadlineMs).toBe(timeoutMs - BUDGET_SAFETY_MARGIN_MS);
      expect(budget.deadlineMs).toBeGreaterThan(0);
      const visibilityMs = runVisibilityTimeout(config).toMilliseconds();
      expect(visibilityMs).toBeGreaterThan(timeoutMs);
      expect(visibilityMs).toBeLessThanOrEqual(12 * 3600_000); // SQS's maximum
      expect((RUN_MAX_RECEIVE_COUNT * visibilityMs) / 1000).toBeLessThan(RUN_RETENTION_SECONDS);
    },
  );
});
