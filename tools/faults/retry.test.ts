import { describe, expect, it } from "vitest";
import type { Ports } from "../ports.js";
import { injectPortFaults } from "./port-faults.js";
import { backoffMs, isRetryable, PersistentAwsFaultError, withRetries, withRetry } from "./retry.js";
import { FaultSchedule } from "./schedule.js";

const noSleep = async () => {};
const throttled = () => Object.assign(new Error("slow down"), { name: "ThrottlingException" });

describe("retry layer", () => {
  it("classifies errors as the SDK does: throttling, 5xx and timeouts retry; the rest do not", () => {
    expect(isRetryable(throttled())).toBe(true);
    expect(isRetryable({ name: "X", $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isRetryable({ name: "TimeoutError" })).toBe(true);
    expect(isRetryable({ name: "ValidationException", $metadata: { httpStatusCode: 400 } })).toBe(false);
    expect(isRetryable({ name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } })).toBe(false);
  });

  it("backs off with full jitter under a cap", () => {
    expect(backoffMs(1, { baseMs: 100, random: () => 1 })).toBe(200);
    expect(backoffMs(20, { baseMs: 100, capMs: 5000, random: () => 1 })).toBe(5000);
    expect(backoffMs(3, { random: () => 0 })).toBe(0);
  });

  it("a fault that persists surfaces with the call, the attempts and the last error", async () => {
    let calls = 0;
    const failing = withRetry(
      "metrics.getSeries",
      async () => {
        calls++;
        throw throttled();
      },
      { maxAttempts: 4, sleep: noSleep },
    );
    await expect(failing).rejects.toThrow(PersistentAwsFaultError);
    await expect(failing).rejects.toThrow(
      /metrics\.getSeries failed 4 times in a row \(last: ThrottlingException/,
    );
    expect(calls).toBe(4);
  });

  it("never retries a non-retryable error", async () => {
    let calls = 0;
    const bad = withRetry(
      "x",
      async () => {
        calls++;
        throw Object.assign(new Error("no"), { name: "ValidationException" });
      },
      { sleep: noSleep },
    );
    await expect(bad).rejects.toThrow("no");
    expect(calls).toBe(1);
  });

  it("retries an automation start only when it carries its ClientToken", async () => {
    const starts: unknown[] = [];
    const ports = {
      automation: {
        async start(request: unknown) {
          starts.push(request);
          throw throttled();
        },
        async status() {
          throw throttled();
        },
      },
      metrics: { getSeries: async () => ({}) },
      alarms: { describe: async () => undefined, list: async () => [] },
      logs: { query: async () => [] },
      changes: { list: async () => [] },
      resources: {
        describe: async () => undefined,
        listByService: async () => [],
        dependencies: async () => [],
      },
    } as unknown as Ports;
    withRetries(ports, { maxAttempts: 3, sleep: noSleep });
    await expect(ports.automation.start({ clientToken: "t-1" } as never)).rejects.toThrow(
      PersistentAwsFaultError,
    );
    expect(starts).toHaveLength(3);
    starts.length = 0;
    await expect(ports.automation.start({} as never)).rejects.toThrow("slow down");
    expect(starts).toHaveLength(1);
  });

  it("the seeded port faults replay identically and the retries absorb them", async () => {
    const run = async (seed: number) => {
      const schedule = new FaultSchedule(seed, {
        throttling: 0.3,
        "server-error": 0.1,
        "timeout-after-send": 0.1,
      });
      let reads = 0;
      const ports = {
        metrics: {
          getSeries: async () => {
            reads++;
            return { points: [] };
          },
        },
        alarms: { describe: async () => undefined, list: async () => [] },
        logs: { query: async () => [] },
        changes: { list: async () => [] },
        resources: {
          describe: async () => undefined,
          listByService: async () => [],
          dependencies: async () => [],
        },
        automation: { start: async () => ({}), status: async () => ({}) },
      } as unknown as Ports;
      injectPortFaults(ports, schedule);
      withRetries(ports, { maxAttempts: 8, sleep: noSleep });
      for (let i = 0; i < 200; i++) await ports.metrics.getSeries({} as never);
      return { injected: { ...schedule.injected }, reads };
    };
    const a = await run(7);
    expect(a).toEqual(await run(7));
    expect(a.injected.throttling).toBeGreaterThan(20);
    // A timeout after the call went through means the read ran more often than it was asked for.
    expect(a.reads).toBe(200 + a.injected["timeout-after-send"]);
  });
});
