/**
 * The decision-time and verification checks that keep a needless action from running or from counting as a
 * success: "still happening?" at one-minute resolution before the gate lets an action through, "was the
 * signal bad before the action?" before a recovery counts, and only counted successes reach the outcome
 * history that raises the confidence of the next action.
 */
import { describe, expect, it } from "vitest";
import type { SuccessSignal } from "../../knowledge/actions/types.js";
import type { Alert, Incident, MetricSeries } from "../../tools/domain/index.js";
import type { MetricQuery, Ports } from "../../tools/ports.js";
import type { IncidentStateValue } from "../state.js";
import { createRecordNode } from "./record.js";
import { healedBeforeAction } from "./still-happening.js";
import { badBeforeAction } from "./verify-baseline.js";

const NOW = Date.parse("2025-05-02T07:10:00Z");

/** Metric port serving per-minute values `values` (oldest first) ending at NOW, at any queried period. */
function portsWith(values: number[], extra: Partial<Ports> = {}): Ports {
  return {
    clock: { now: () => new Date(NOW), sleep: async () => {} },
    alarms: { describe: async () => undefined },
    metrics: {
      getSeries: async (q: MetricQuery): Promise<MetricSeries> => {
        const period = q.periodSeconds ?? 60;
        const points = values
          .map((value, k) => ({ time: new Date(NOW - (values.length - k) * 60_000).toISOString(), value }))
          .filter((p) => Date.parse(p.time) >= q.start.getTime() && Date.parse(p.time) < q.end.getTime());
        return {
          namespace: q.namespace,
          metric: q.metric,
          dimensions: q.dimensions,
          stat: q.stat ?? "Average",
          periodSeconds: period,
          points,
        };
      },
    },
    ...extra,
  } as unknown as Ports;
}

const alert = (periodSeconds: number, stat = "Average", threshold = 55): Alert =>
  ({
    alarmName: "cpu-5m",
    state: "ALARM",
    time: new Date(NOW).toISOString(),
    reason: "Threshold crossed",
    resources: [],
    tags: {},
    metric: {
      namespace: "AWS/EC2",
      name: "CPUUtilization",
      dimensions: { AutoScalingGroupName: "feed-asg" },
      statistic: stat,
      periodSeconds,
      threshold,
      comparison: "GreaterThanThreshold",
    },
  }) as unknown as Alert;
const incident = (a: Alert) => ({ id: "inc-1", alerts: [a], service: "feed" }) as unknown as Incident;

describe("still happening at decision time", () => {
  it("a 5-minute alarm whose per-minute data recovered is healed before action", async () => {
    const reason = await healedBeforeAction(portsWith([100, 100, 30, 31, 29]), incident(alert(300)));
    expect(reason).toMatch(/^healed before action: at one-minute resolution CPUUtilization/);
  });

  it("one bad minute among the last ones means it is still happening", async () => {
    expect(await healedBeforeAction(portsWith([100, 100, 30, 80, 29]), incident(alert(300)))).toBeUndefined();
  });

  it("a sum threshold is scaled to one minute (100 per 5 minutes is 20 a minute)", async () => {
    const sum = alert(300, "Sum", 100);
    expect(await healedBeforeAction(portsWith([300, 300, 25, 1, 1]), incident(sum))).toBeUndefined();
    expect(await healedBeforeAction(portsWith([300, 300, 2, 1, 1]), incident(sum))).toBeDefined();
  });

  it("no data is never taken as recovery", async () => {
    expect(await healedBeforeAction(portsWith([]), incident(alert(300)))).toBeUndefined();
  });
});

const signal: SuccessSignal = {
  namespace: "AWS/EC2",
  metric: "CPUUtilization",
  dimensions: { AutoScalingGroupName: "feed-asg" },
  stat: "Average",
  recoveredWhen: "below",
  threshold: 70,
  datapoints: 3,
  deadlineMinutes: 10,
} as SuccessSignal;

describe("verification requires the signal was bad before the action", () => {
  const startedAt = new Date(NOW).toISOString();
  it("a signal good all along makes the action a no-op", async () => {
    expect(await badBeforeAction(portsWith([30, 31, 29, 30, 32]), [signal], startedAt)).toBe(false);
  });
  it("a breach before the action makes the recovery count", async () => {
    expect(await badBeforeAction(portsWith([30, 91, 95, 30, 32]), [signal], startedAt)).toBe(true);
  });
  it("no data does not prove a no-op", async () => {
    expect(await badBeforeAction(portsWith([]), [signal], startedAt)).toBe(true);
  });
});

describe("only real successes feed the outcome history", () => {
  const recorded: unknown[] = [];
  const ports = portsWith([], {
    outcomes: { record: async (o: unknown) => void recorded.push(o) },
    notifier: { notify: async () => {} },
    audit: { append: async () => {} },
  } as unknown as Partial<Ports>);
  const state = (badBefore?: boolean) =>
    ({
      incident: { id: "inc-1", title: "t", alerts: [alert(60)], status: "open" },
      assessment: { isIncident: true, category: "capacity" },
      execution: { actionId: "asg-set-desired-capacity", target: "feed-asg", params: {} },
      verification: {
        recovered: true,
        signal: "s",
        observed: [30],
        threshold: 70,
        waitedMinutes: 3,
        reason: "r",
        ...(badBefore === undefined ? {} : { badBeforeAction: badBefore }),
      },
    }) as unknown as IncidentStateValue;

  it("a no-op 'recovery' is not recorded as a success", async () => {
    recorded.length = 0;
    await createRecordNode({ ports } as never)(state(false));
    expect(recorded).toEqual([]);
  });
  it("a recovery from a bad signal is recorded as a success", async () => {
    recorded.length = 0;
    await createRecordNode({ ports } as never)(state(true));
    expect(recorded).toMatchObject([{ result: "success", actionId: "asg-set-desired-capacity" }]);
  });
});
