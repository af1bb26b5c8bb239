import { describe, expect, it } from "vitest";
import { defaultParams } from "./params.js";
import { planByRules } from "./rules.js";
import { evidenceAtAlarm } from "./test-support.js";

const evidenceFor = evidenceAtAlarm;

describe("log-analysis, retrieval and remediation rules on the simulated account", () => {
  it.each([
    ["disk-full-logs", "disk-full-logs", "ec2-cleanup-rotated-logs", { InstanceId: "i-0f3e2d1c0b9a87654" }],
    [
      "bad-ecs-deploy",
      "ecs-bad-deploy",
      "ecs-rollback-service",
      { cluster: "prod", service: "checkout", taskDefinition: "checkout:41" },
    ],
    ["memory-leak-ec2", "ec2-memory-leak", "ec2-restart-instance", { InstanceId: "i-0a1b2c3d4e5f60712" }],
    [
      "traffic-surge-asg",
      "asg-traffic-surge",
      "asg-set-desired-capacity",
      { AutoScalingGroupName: "web-asg" },
    ],
  ])("%s: runbook %s, action %s", async (name, runbookId, actionId, params) => {
    const { ports, evidence } = await evidenceFor(name);
    expect(evidence.logFindings.evidence.length).toBeGreaterThan(0);
    expect(evidence.runbooks.candidates[0]?.runbookId).toBe(runbookId);
    const plan = await planByRules(ports, evidence);
    expect(plan.kind).toBe("action");
    expect(plan.actionId).toBe(actionId);
    expect(plan.params).toMatchObject(params);
  });

  it("escalates a third-party outage instead of touching our services", async () => {
    const { ports, evidence } = await evidenceFor("third-party-outage");
    expect(evidence.logFindings.suggestedCategory).toBe("dependency");
    const plan = await planByRules(ports, evidence);
    expect(plan.kind).toBe("escalate");
  });

  it("never proposes an action that already failed on this incident", async () => {
    const { ports, evidence, incident } = await evidenceFor("disk-full-logs");
    await ports.outcomes.record({
      incidentId: incident.id,
      signature: "x",
      actionId: "ec2-cleanup-rotated-logs",
      resourceId: "i-0f3e2d1c0b9a87654",
      time: new Date().toISOString(),
      result: "failure",
    });
    const plan = await planByRules(ports, evidence);
    expect(plan.kind).toBe("escalate");
    expect(plan.rationale).toMatch(/already failed/);
  });

  it("says no action when triage found no incident", async () => {
    const { ports, evidence } = await evidenceFor("disk-full-logs");
    const plan = await planByRules(ports, {
      ...evidence,
      assessment: { ...evidence.assessment, isIncident: false },
    });
    expect(plan.kind).toBe("no-action");
  });

  it("sizes a capacity change from load and never past the maximum", () => {
    const asg = (desired: number, max: number) => ({
      id: "web-asg",
      type: "autoscaling-group" as const,
      service: "web",
      state: "InService",
      tags: {},
      attributes: { desiredCapacity: desired, maxSize: max, minSize: 1 },
    });
    expect(defaultParams("asg-set-desired-capacity", { target: asg(3, 10), alarmValue: 95 })).toEqual({
      AutoScalingGroupName: "web-asg",
      DesiredCapacity: 6,
    });
    expect(defaultParams("asg-set-desired-capacity", { target: asg(3, 4), alarmValue: 95 })).toMatchObject({
      DesiredCapacity: 4,
    });
    expect(defaultParams("asg-set-desired-capacity", { target: asg(4, 4), alarmValue: 95 })).toBeUndefined();
  });
});
