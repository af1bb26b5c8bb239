import { describe, expect, it } from "vitest";
import type { SuccessSignal } from "../../knowledge/actions/types.js";
import type { Incident } from "../../tools/domain/index.js";
import type { MetricQuery, Ports } from "../../tools/ports.js";
import { alarmSignal, watchSignals, watchSignalsStep } from "./watch-signals.js";

const memory: SuccessSignal = {
  namespace: "CWAgent",
  metric: "mem_used_percent",
  dimensions: { InstanceId: "i-1" },
  stat: "Average",
  recoveredWhen: "below",
  threshold: 80,
  datapoints: 3,
  deadlineMinutes: 5,
};
const latency: SuccessSignal = {
  ...memory,
  namespace: "AWS/ApplicationELB",
  metric: "TargetResponseTime",
  dimensions: {},
  threshold: 2,
};

/** A clock that advances on sleep, and metrics whose values come from a function of the metric name and minute. */
function fakePorts(value: (metric: string, minute: number) => number): Ports {
  let now = Date.UTC(2026, 10, 26, 12, 0);
  return {
    clock: {
      now: () => new Date(now),
      sleep: async (ms: number) => {
        now += ms;
      },
    },
    metrics: {
      getSeries: async (q: MetricQuery) => {
        const points = [];
        for (let t = q.start.getTime() + 60_000; t <= q.end.getTime(); t += 60_000) {
          points.push({
            time: new Date(t).toISOString(),
            value: value(q.metric, (t - Date.UTC(2026, 10, 26, 12, 0)) / 60_000),
          });
        }
        return {
          namespace: q.namespace,
          metric: q.metric,
          dimensions: q.dimensions,
          stat: "Average",
          periodSeconds: 60,
          points,
        };
      },
    },
  } as unknown as Ports;
}

describe("verification watches the action's signal and the incident's alarm", () => {
  it("recovers when both hold for their datapoints", async () => {
    const v = await watchSignals(
      fakePorts((_metric, minute) => (minute < 2 ? 99 : 1)),
      [memory, latency],
    );
    expect(v.recovered).toBe(true);
    expect(v.waitedMinutes).toBe(4); // minutes 2, 3 and 4 are the first three good ones
  });

  it("is not a success when the action's own signal recovered but the alarm did not (a restart on the wrong problem)", async () => {
    const v = await watchSignals(
      fakePorts((metric) => (metric === "mem_used_percent" ? 30 : 9)),
      [memory, latency],
    );
    expect(v.recovered).toBe(false);
    expect(v.reason).toMatch(/TargetResponseTime did not get below 2/);
  });

  it("derives the alarm's signal and its direction from the alert", () => {
    const incident = {
      alerts: [
        {
          state: "ALARM",
          reason: "Threshold Crossed: 1 datapoint [3.0] was less than the threshold (5.0).",
          metric: { namespace: "AWS/EC2", name: "HealthyHostCount", dimensions: {}, threshold: 5 },
        },
      ],
    } as unknown as Incident;
    expect(alarmSignal(incident, memory)).toMatchObject({
      metric: "HealthyHostCount",
      recoveredWhen: "above",
      threshold: 5,
    });
  });
});

describe("verification across invocations (budgeted)", () => {
  it("stops before a minute that would outlast the budget, and a later step continues the same window", async () => {
    const ports = fakePorts((_metric, minute) => (minute < 3 ? 99 : 1));
    const start = ports.clock.now();
    const whole = await watchSignals(
      fakePorts((_metric, minute) => (minute < 3 ? 99 : 1)),
      [memory],
    );
    let progress = { windowStart: start.toISOString(), minute: 0, observed: [] as number[], failing: 0 };
    const budgets: number[] = [];
    for (let invocation = 0; invocation < 20; invocation++) {
      // Each invocation has 30 s: never enough for a minute's sleep, so every check is one wake-up.
      const budget = { deadlineMs: ports.clock.now().getTime() + 30_000 };
      const step = await watchSignalsStep(ports, [memory], progress, budget);
      if ("verification" in step) {
        expect(step.verification).toEqual(whole);
        expect(budgets.length).toBe(whole.waitedMinutes);
        return;
      }
      expect(Date.parse(step.wakeAt)).toBe(start.getTime() + (step.progress.minute + 1) * 60_000);
      budgets.push(budget.deadlineMs);
      // The wake-up arrives: time has passed outside the invocation.
      await ports.clock.sleep(Date.parse(step.wakeAt) - ports.clock.now().getTime());
      progress = step.progress;
    }
    throw new Error("verification never finished");
  });
});
