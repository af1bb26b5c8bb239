/**
 * Fidelity of the cache security-group fault: only the revoked rule back on the cache's group heals it.
 * Restarting the tasks, rolling them back, or a near-miss rule (another port, group or source) leaves the
 * cache unreachable.
 */
import type { Sandbox } from "../index.js";
import { alarmState, applyThenWait, firstFaultStatus, sandboxAtAlarm } from "../test-support.js";

const atAlarm = () => sandboxAtAlarm("security-group-redis-rule-removed");
const apply = (sb: Sandbox, actionId: string, params: Record<string, unknown>) =>
  applyThenWait(sb, actionId, params, 8);

const rule = {
  GroupId: "sg-0c4e6a8b1d3f5a7c9",
  IpProtocol: "tcp",
  FromPort: 6379,
  ToPort: 6379,
  Source: "sg-0e1a3c5b7d9f2b4d6",
};

describe("cache security-group rule restore", () => {
  it("records the revocation with the rule it removed, and the tasks log ioredis connect timeouts", async () => {
    const sb = atAlarm();
    const since = new Date(Date.parse("2025-08-19T10:00:00Z"));
    const changes = await sb.ports.changes.list({ service: "sessions", since, until: sb.ports.clock.now() });
    expect(changes.find((c) => c.resourceId === "sg-0c4e6a8b1d3f5a7c9")).toMatchObject({
      from: "tcp:6379-6379:sg-0e1a3c5b7d9f2b4d6",
    });
    const g = await sb.ports.resources.describe("sg-0c4e6a8b1d3f5a7c9");
    expect(g?.attributes).toMatchObject({
      attachedTo: "sessions-redis-001",
      revokedSource: "sg-0e1a3c5b7d9f2b4d6",
    });
  });

  it.each([
    ["another source group", { Source: "sg-0fedcba9876543210" }],
    ["the Postgres port", { FromPort: 5432, ToPort: 5432 }],
    ["the tasks' own group", { GroupId: "sg-0e1a3c5b7d9f2b4d6" }],
    ["a CIDR instead of the source group", { Source: "10.30.0.0/16" }],
  ])("%s heals nothing", async (_what, change) => {
    const sb = atAlarm();
    const execution = await apply(sb, "sg-restore-ingress-rule", { ...rule, ...change });
    expect(execution.status).toBe("Success");
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "sessions-latency-high")).toBe("ALARM");
  });

  it.each([
    [
      "replacing the tasks",
      "ecs-force-new-deployment",
      { cluster: "prod", service: "sessions", forceNewDeployment: true },
    ],
    [
      "rolling the decoy deploy back",
      "ecs-rollback-service",
      { cluster: "prod", service: "sessions", taskDefinition: "sessions:87" },
    ],
  ])("%s does not bring the rule back", async (_what, actionId, params) => {
    const sb = atAlarm();
    await apply(sb, actionId, params);
    expect(firstFaultStatus(sb)).toBe("active");
  });

  it("the revoked rule itself heals and the alarm clears", async () => {
    const sb = atAlarm();
    await apply(sb, "sg-restore-ingress-rule", rule);
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "sessions-latency-high")).toBe("OK");
  });
});
