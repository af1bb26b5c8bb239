import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AlarmStateChangeEvent } from "./index.js";
import { createSandbox, loadScenario } from "./index.js";
import { runAction } from "./test-support.js";

const sample = JSON.parse(
  readFileSync(resolve(import.meta.dirname, "fixtures/cloudwatch-alarm-state-change-metric.json"), "utf8"),
) as unknown;

/** Every key path of a JSON value with the type found there (array items merged, dimension names free). */
function shape(value: unknown, path = "$", out = new Map<string, string>()): Map<string, string> {
  if (path.endsWith(".dimensions")) {
    const values = Object.values(value as Record<string, unknown>);
    out.set(path, values.every((v) => typeof v === "string") ? "string map" : "mixed");
  } else if (Array.isArray(value)) {
    out.set(path, "array");
    for (const item of value) shape(item, `${path}[]`, out);
  } else if (value !== null && typeof value === "object") {
    out.set(path, "object");
    for (const [k, v] of Object.entries(value)) shape(v, `${path}.${k}`, out);
  } else {
    out.set(path, typeof value);
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function firstAlarm(name: string): {
  event: AlarmStateChangeEvent;
  sandbox: ReturnType<typeof createSandbox>;
} {
  const sandbox = createSandbox(
    loadScenario(resolve(import.meta.dirname, "../../evals/scenarios", `${name}.yaml`)),
  );
  const events = sandbox.runUntilAlarm();
  const event = events.find((e) => e.detail.state.value === "ALARM");
  if (!event) throw new Error(`${name}: no alarm`);
  return { event, sandbox };
}

describe("EventBridge alarm events", () => {
  it.each(["bad-ecs-deploy", "memory-leak-ec2", "traffic-surge-asg", "disk-full-logs", "third-party-outage"])(
    "%s: has exactly the shape of the AWS sample",
    (name) => {
      const { event } = firstAlarm(name);
      expect(shape(event)).toEqual(shape(sample));
      expect(event.id).toMatch(UUID);
      expect(event.detail.configuration.metrics[0]?.id).toMatch(UUID);
      expect(event.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(event.detail.state.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
      expect(event.resources[0]).toBe(
        `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${event.detail.alarmName}`,
      );
      expect(event.detail.previousState.value).toBe("OK");
      const data = JSON.parse(event.detail.state.reasonData ?? "{}") as Record<string, unknown>;
      expect(data).toMatchObject({ version: "1.0", period: 60 });
      expect(Array.isArray(data["recentDatapoints"])).toBe(true);
    },
  );

  it("writes CloudWatch's reason text", () => {
    const { event } = firstAlarm("bad-ecs-deploy");
    expect(event.detail.state.reason).toMatch(
      /^Threshold Crossed: 2 out of the last 3 datapoints \[\d+ \(14\/05\/24 09:0\d:00\), \d+ \(14\/05\/24 09:0\d:00\)\] was greater than the threshold \(50\.0\) \(minimum 2 datapoints for OK -> ALARM transition\)\.$/,
    );
    expect(event.detail.state.reasonData).toContain('"threshold":50.0');
    expect(event.detail.configuration.metrics[0]?.metricStat).toEqual({
      metric: {
        namespace: "AWS/ApplicationELB",
        name: "HTTPCode_Target_5XX_Count",
        dimensions: { TargetGroup: "targetgroup/checkout-tg/6d0ecf831eec9f09" },
      },
      period: 60,
      stat: "Sum",
    });
  });

  it("emits OK with the ALARM as previous state once the metric recovers", async () => {
    const { sandbox } = firstAlarm("disk-full-logs");
    const events: AlarmStateChangeEvent[] = [];
    sandbox.onEvent((e) => events.push(e));
    await runAction(sandbox, "ec2-cleanup-rotated-logs", { InstanceId: "i-0f3e2d1c0b9a87654" });
    sandbox.advance(3);
    const ok = events.find((e) => e.detail.state.value === "OK");
    expect(ok?.detail.previousState.value).toBe("ALARM");
    expect(ok?.detail.state.reason).toMatch(
      /was not greater than the threshold \(90\.0\) \(minimum 2 datapoints for ALARM -> OK transition\)\.$/,
    );
    expect(sandbox.events.at(-1)).toEqual(ok);
  });

  it("never emits during the generated history and stays quiet without a fault", () => {
    const sandbox = createSandbox(
      loadScenario(resolve(import.meta.dirname, "../../evals/scenarios/control-no-fault.yaml")),
    );
    expect(sandbox.events).toEqual([]);
    expect(sandbox.runUntilAlarm()).toEqual([]);
    expect(sandbox.minute()).toBe(60);
  });
});
