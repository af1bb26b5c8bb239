import { describe, expect, it } from "vitest";
import type { AutomationExecution } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { Execution } from "../state.js";
import { isFinished, nextPollAt, pollAction } from "./run-action.js";

const T0 = Date.UTC(2026, 10, 26, 12, 0);

/** An automation that finishes `doneAfterMs` after the start, on a clock that advances on sleep. */
function fakePorts(doneAfterMs: number) {
  let now = T0;
  const statusCalls: number[] = [];
  const ports = {
    clock: {
      now: () => new Date(now),
      sleep: async (ms: number) => {
        now += ms;
      },
    },
    automation: {
      status: async (id: string): Promise<AutomationExecution> => {
        statusCalls.push(now);
        const done = now - T0 >= doneAfterMs;
        return {
          executionId: id,
          status: done ? "Success" : "InProgress",
          startedAt: new Date(T0).toISOString(),
          ...(done ? { endedAt: new Date(now).toISOString() } : {}),
        } as AutomationExecution;
      },
    },
  } as unknown as Ports;
  const advance = (ms: number) => {
    now += ms;
  };
  return { ports, statusCalls, advance, now: () => now };
}

const started: Execution = {
  actionId: "ec2-restart-instance",
  params: { InstanceId: "i-1" },
  target: "i-1",
  clientToken: "t",
  executionId: "e-1",
  status: "InProgress",
  startedAt: new Date(T0).toISOString(),
  polls: 0,
  polledAt: new Date(T0).toISOString(),
  giveUpAt: new Date(T0 + 30 * 60_000).toISOString(),
};

describe("polling an action across invocations", () => {
  it("polls inline while the budget allows, then hands back the running execution with its progress", async () => {
    const { ports, statusCalls } = fakePorts(150_000);
    const running = await pollAction(ports, started, 30, { deadlineMs: T0 + 70_000 });
    expect(isFinished(running)).toBe(false);
    expect(running.polls).toBe(2);
    expect(statusCalls).toEqual([T0 + 30_000, T0 + 60_000]);
    expect(nextPollAt(running, 30)).toBe(new Date(T0 + 90_000).toISOString());
  });

  it("a later invocation continues with the next poll and gets the same result as one long run", async () => {
    const whole = fakePorts(150_000);
    const once = await pollAction(whole.ports, started, 30);
    const split = fakePorts(150_000);
    let execution = started;
    let invocations = 0;
    while (!isFinished(execution)) {
      invocations += 1;
      const wakeAt = Date.parse(nextPollAt(execution, 30));
      if (wakeAt > split.now()) split.advance(wakeAt - split.now());
      execution = await pollAction(split.ports, execution, 30, { deadlineMs: split.now() + 20_000 });
    }
    expect(invocations).toBe(5);
    expect(execution).toEqual(once);
    expect(split.statusCalls).toEqual(whole.statusCalls);
  });

  it("gives up (TimedOut) once the automation outlasts the responder's patience", async () => {
    const { ports } = fakePorts(Number.POSITIVE_INFINITY);
    const result = await pollAction(ports, started, 30);
    expect(result.status).toBe("TimedOut");
    expect(result.polls).toBe(60);
  });
});
