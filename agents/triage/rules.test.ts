import { describe, expect, it } from "vitest";
import { worldAtAlarm } from "../shared/test-support.js";
import { categoryFromMetric, classifyErrors, triageByRules } from "./rules.js";

describe("triage rules", () => {
  it("maps alarm metrics to categories", () => {
    expect(categoryFromMetric("CWAgent", "mem_used_percent")).toBe("memory");
    expect(categoryFromMetric("CWAgent", "disk_used_percent")).toBe("disk");
    expect(categoryFromMetric("AWS/EC2", "CPUUtilization")).toBe("capacity");
    expect(categoryFromMetric("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count")).toBe("errors");
  });

  it("blames a recent deployment before a dependency, and a dependency before nothing", () => {
    const deploy = {
      id: "d",
      time: "t",
      service: "s",
      resourceId: "r",
      kind: "deployment" as const,
      summary: "v2",
    };
    expect(classifyErrors([deploy], ["gw"], [])).toBe("deployment");
    expect(classifyErrors([], ["gw"], [])).toBe("dependency");
    expect(classifyErrors([], [], [])).toBe("availability");
  });

  it.each([
    ["bad-ecs-deploy", "deployment", "prod/checkout"],
    ["memory-leak-ec2", "memory", "i-0a1b2c3d4e5f60712"],
    ["disk-full-logs", "disk", "i-0f3e2d1c0b9a87654"],
    ["traffic-surge-asg", "capacity", "web-asg"],
    ["third-party-outage", "dependency", undefined],
  ])("triages %s as %s", async (name, category, suspect) => {
    const { ports, incident } = await worldAtAlarm(name);
    const t = await triageByRules(ports, incident);
    expect(t.isIncident).toBe(true);
    expect(t.category).toBe(category);
    if (suspect) expect(t.suspectedResources).toContain(suspect);
    expect(t.signals[0]?.latest).toBeGreaterThan(0);
  });

  it("calls an alarm that already went back to OK not an incident", async () => {
    const { ports, incident } = await worldAtAlarm("disk-full-logs");
    const ok = { ...incident, alerts: [{ ...incident.alerts[0]!, state: "OK" as const }] };
    expect((await triageByRules(ports, ok)).isIncident).toBe(false);
  });
});
