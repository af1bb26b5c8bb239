/**
 * Fidelity of the access and edge executors: each heals its fault only with the exact resource and
 * parameters AWS would need (the revoked rule on that group, the detached policy on that role, every
 * flooding source in a set in front of the flooded load balancer, containment of the compromised instance),
 * and nothing else heals it.
 */
import type { Sandbox } from "../index.js";
import {
  alarmState,
  applyThenWait,
  bundledScenario,
  firstFaultStatus,
  latestMetric,
  runAction,
  sandboxAtAlarm,
} from "../test-support.js";

const apply = (sb: Sandbox, actionId: string, params: Record<string, unknown>) =>
  applyThenWait(sb, actionId, params, 8);

describe("security-group rule restore", () => {
  const rule = {
    GroupId: "sg-0db5e1c7a9f204b31",
    IpProtocol: "tcp",
    FromPort: 5432,
    ToPort: 5432,
    Source: "sg-0a77c3e1d2b9f6e08",
  };

  it("describes the group with its rules, its attachment and the revoked rule from the change feed", async () => {
    const sb = sandboxAtAlarm(bundledScenario("security-group-rule-removed"));
    const g = await sb.ports.resources.describe("sg-0db5e1c7a9f204b31");
    expect(g?.type).toBe("security-group");
    expect(g?.attributes).toMatchObject({
      attachedTo: "orders-db",
      rules: "tcp:5432-5432:sg-0b3d5f7a9c1e2d4f6",
      revokedRules: "tcp:5432-5432:sg-0a77c3e1d2b9f6e08",
      revokedSource: "sg-0a77c3e1d2b9f6e08",
    });
    const since = new Date(Date.parse("2024-04-02T15:00:00Z"));
    const changes = await sb.ports.changes.list({ service: "orders", since, until: sb.ports.clock.now() });
    expect(changes.find((c) => c.resourceId === "sg-0db5e1c7a9f204b31")).toMatchObject({
      from: "tcp:5432-5432:sg-0a77c3e1d2b9f6e08",
      author: expect.stringContaining("terraform"),
    });
  });

  it.each([
    ["another source group", { Source: "sg-0fedcba9876543210" }],
    ["another port", { FromPort: 5433, ToPort: 5433 }],
    ["udp instead of tcp", { IpProtocol: "udp" }],
    ["the app's own group instead of the database's", { GroupId: "sg-0a77c3e1d2b9f6e08" }],
    ["a CIDR instead of the source group", { Source: "10.20.0.0/16" }],
  ])("%s heals nothing", async (_what, change) => {
    const sb = sandboxAtAlarm(bundledScenario("security-group-rule-removed"));
    const execution = await apply(sb, "sg-restore-ingress-rule", { ...rule, ...change });
    expect(execution.status).toBe("Success");
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "orders-alb-5xx-high")).toBe("ALARM");
  });

  it("a group the account does not have fails at start", async () => {
    const sb = sandboxAtAlarm(bundledScenario("security-group-rule-removed"));
    const execution = await runAction(sb, "sg-restore-ingress-rule", {
      ...rule,
      GroupId: "sg-0123456789abcdef0",
    });
    expect(execution.status).toBe("Failed");
    expect(execution.output).toMatch(/InvalidGroup.NotFound/);
  });

  it("the revoked rule itself heals, and is recorded as added", async () => {
    const sb = sandboxAtAlarm(bundledScenario("security-group-rule-removed"));
    await apply(sb, "sg-restore-ingress-rule", rule);
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "orders-alb-5xx-high")).toBe("OK");
    const g = await sb.ports.resources.describe("sg-0db5e1c7a9f204b31");
    expect(g?.attributes.revokedRules).toBe("");
  });

  it("restarting or redeploying the tasks does not bring the rule back", async () => {
    const sb = sandboxAtAlarm(bundledScenario("security-group-rule-removed"));
    await apply(sb, "ecs-force-new-deployment", {
      cluster: "prod",
      service: "orders",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("active");
  });
});

describe("IAM policy re-attach", () => {
  const right = { RoleName: "orders-writer-role", PolicyName: "orders-table-write", Scope: "Local" };

  it("describes the role with what runs with it and the detached policy from the change feed", async () => {
    const sb = sandboxAtAlarm(bundledScenario("iam-policy-detached"));
    const role = await sb.ports.resources.describe("arn:aws:iam::123456789012:role/orders-writer-role");
    expect(role?.attributes).toMatchObject({
      usedBy: "orders-writer:live",
      functionName: "orders-writer",
      detachedPolicies: "arn:aws:iam::123456789012:policy/orders-table-write",
      detachedPolicyNames: "orders-table-write",
    });
  });

  it.each([
    ["another policy", { PolicyName: "orders-table-read" }],
    ["an AWS-managed policy of the same name", { Scope: "AWS" }],
  ])("%s heals nothing", async (_what, change) => {
    const sb = sandboxAtAlarm(bundledScenario("iam-policy-detached"));
    const execution = await apply(sb, "iam-reattach-role-policy", { ...right, ...change });
    expect(execution.status).toBe("Success");
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "orders-writer-errors")).toBe("ALARM");
  });

  it("another role fails at start", async () => {
    const sb = sandboxAtAlarm(bundledScenario("iam-policy-detached"));
    const execution = await runAction(sb, "iam-reattach-role-policy", {
      ...right,
      RoleName: "orders-reader-role",
    });
    expect(execution.status).toBe("Failed");
  });

  it("the detached policy on that role heals; rolling the function back does not", async () => {
    const sb = sandboxAtAlarm(bundledScenario("iam-policy-detached"));
    await apply(sb, "lambda-rollback-alias", { functionName: "orders-writer", alias: "live", version: "7" });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "iam-reattach-role-policy", right);
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "orders-writer-errors")).toBe("OK");
  });
});

describe("WAF IP-set block", () => {
  const set = { Name: "web-blocklist", Id: "3b9c1e7a-52d4-4f0e-9a61-8d2c4b7e1f05", Scope: "REGIONAL" };
  const all = "198.51.100.23/32,198.51.100.24/32,203.0.113.77/32";

  it.each([
    ["two of the three sources", "198.51.100.23/32,198.51.100.24/32"],
    ["addresses that are not flooding", "198.51.100.99/32,203.0.113.1/32"],
  ])("blocking %s heals nothing", async (_what, addresses) => {
    const sb = sandboxAtAlarm(bundledScenario("bot-flood"));
    const execution = await apply(sb, "waf-block-ip-set", { ...set, AddAddresses: addresses });
    expect(execution.status).toBe("Success");
    expect(firstFaultStatus(sb)).toBe("active");
    // Baseline CPU is 38%: the source still getting through keeps the group well above it.
    const cpu = await latestMetric(sb, "AWS/EC2", "CPUUtilization", { AutoScalingGroupName: "web-asg" });
    expect(cpu).toBeGreaterThan(50);
  });

  it("a set whose web ACL protects no balancer of the service blocks nothing", async () => {
    const scenario = structuredClone(bundledScenario("bot-flood"));
    for (const r of scenario.environment.resources) if (r.type === "waf-ip-set") r.associatedWith = [];
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "waf-block-ip-set", { ...set, AddAddresses: all });
    expect(firstFaultStatus(sb)).toBe("active");
  });

  it("the wrong set id fails at start (WAFNonexistentItemException)", async () => {
    const sb = sandboxAtAlarm(bundledScenario("bot-flood"));
    const execution = await runAction(sb, "waf-block-ip-set", {
      ...set,
      Id: "00000000-0000-4000-8000-000000000000",
      AddAddresses: all,
    });
    expect(execution.status).toBe("Failed");
  });

  it("scaling out does not end the flood; blocking every source does, and the WAF logs show the blocks", async () => {
    const sb = sandboxAtAlarm(bundledScenario("bot-flood"));
    await apply(sb, "asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 6 });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "waf-block-ip-set", { ...set, AddAddresses: all });
    expect(firstFaultStatus(sb)).toBe("resolved");
    const end = sb.ports.clock.now();
    const records = await sb.ports.logs.query({
      logGroup: "aws-waf-logs-web-edge-acl",
      start: new Date(end.getTime() - 3 * 60_000),
      end,
    });
    const blocked = records.map((r) => JSON.parse(r.message)).filter((r) => r.action === "BLOCK");
    expect(blocked.length).toBeGreaterThan(0);
    expect(blocked.every((r) => all.includes(r.httpRequest.clientIp))).toBe(true);
    const requests = await latestMetric(sb, "AWS/ApplicationELB", "RequestCount", {
      LoadBalancer: "app/web-alb/7c2e9a4b1d3f5e60",
    });
    expect(requests).toBeLessThan(3000 * 1.5);
  });
});

describe("instance containment (AWSSupport-ContainEC2Instance)", () => {
  it("containing a healthy sibling heals nothing", async () => {
    const sb = sandboxAtAlarm(bundledScenario("guardduty-crypto-mining"));
    await apply(sb, "ec2-isolate-instance", { InstanceId: "i-0d1e2f3a4b5c60701", Action: "Contain" });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "web-i-0d1e2f3a4b5c60702-cpu-high")).toBe("ALARM");
  });

  it("containing the compromised instance stops the miner; it keeps running, off the network and out of service", async () => {
    const sb = sandboxAtAlarm(bundledScenario("guardduty-crypto-mining"));
    const id = "i-0d1e2f3a4b5c60702";
    const execution = await apply(sb, "ec2-isolate-instance", { InstanceId: id, Action: "Contain" });
    expect(execution.output).toMatch(/ami-[0-9a-f]+/);
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "web-i-0d1e2f3a4b5c60702-cpu-high")).toBe("OK");
    const instance = await sb.ports.resources.describe(id);
    expect(instance?.state).toBe("running");
    expect(instance?.attributes.quarantined).toBe(true);
    expect(await latestMetric(sb, "AWS/EC2", "NetworkOut", { InstanceId: id })).toBe(0);
    const asg = await sb.ports.resources.describe("web-asg");
    expect(asg?.attributes.inServiceCount).toBe(2);
  });

  it("containment does not fix a traffic surge (one fewer instance serves it)", async () => {
    const sb = sandboxAtAlarm(bundledScenario("traffic-surge-asg"));
    const asg = await sb.ports.resources.describe("web-asg");
    const first = String(asg?.attributes.instances ?? "").split(",")[0] ?? "";
    await apply(sb, "ec2-isolate-instance", { InstanceId: first, Action: "Contain" });
    expect(firstFaultStatus(sb)).toBe("active");
  });

  it("a restart does not stop the miner", async () => {
    const sb = sandboxAtAlarm(bundledScenario("guardduty-crypto-mining"));
    await apply(sb, "ec2-restart-instance", { InstanceId: "i-0d1e2f3a4b5c60702" });
    expect(firstFaultStatus(sb)).toBe("active");
  });
});
