/**
 * Category from evidence, not from the alarm metric's name (issue #16; the reasoning itself is #13's). A
 * latency alarm with every instance of the group CPU-bound is a capacity problem. Triage used to read the
 * metric name and say "availability".
 */
import { describe, expect, it } from "vitest";
import { worldAtAlarm } from "../shared/test-support.js";
import { triageByRules } from "./rules.js";

describe("category from evidence", () => {
  it("a latency alarm with every instance near 87% CPU is a capacity problem", async () => {
    const { ports, incident } = await worldAtAlarm("latency-alarm-cpu-bound");
    const triage = await triageByRules(ports, incident);
    expect(triage.category).toBe("capacity");
    expect(triage.suspectedResources[0]).toBe("quotes-asg");
  });

  it("the evidence is there: every in-service instance is CPU-bound while latency breaches", async () => {
    const { ports } = await worldAtAlarm("latency-alarm-cpu-bound");
    const group = await ports.resources.describe("quotes-asg");
    const ids = String(group?.attributes.instances ?? "").split(",");
    const now = ports.clock.now();
    for (const id of ids) {
      const cpu = await ports.metrics.getSeries({
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        dimensions: { InstanceId: id },
        start: new Date(now.getTime() - 3 * 60_000),
        end: now,
      });
      expect(cpu.points.at(-1)?.value).toBeGreaterThan(80);
    }
  });
});

describe("a throttled function the service calls", () => {
  it("a 5XX alarm on a BFF whose function is throttled at its reservation is throttling of that function", async () => {
    const { ports, incident } = await worldAtAlarm("lambda-throttling-launch-bff");
    const triage = await triageByRules(ports, incident);
    expect(triage.category).toBe("throttling");
    expect(triage.suspectedResources[0]).toBe("price-quote:live");
  });

  it("a failing function that is not throttled is no throttling finding", async () => {
    const { ports, incident } = await worldAtAlarm("iam-policy-detached-s3-export");
    const triage = await triageByRules(ports, incident);
    expect(triage.category).not.toBe("throttling");
  });
});
