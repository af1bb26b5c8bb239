import { resolve } from "node:path";
import type { Sandbox, Scenario } from "../index.js";
import { createSandbox, knownFaultKinds, loadScenario } from "../index.js";
import { alarmState, latestMetric, logText, runAction } from "../test-support.js";

const load = (name: string): Scenario =>
  loadScenario(resolve(import.meta.dirname, "../../../evals/scenarios", `${name}.yaml`));

/** Runs a scenario until its first alarm; returns the sandbox and the minute it fired. */
function untilAlarm(scenario: Scenario): { sb: Sandbox; minute: number } {
  const sb = createSandbox(scenario);
  const events = sb.runUntilAlarm();
  expect(events.some((e) => e.detail.state.value === "ALARM")).toBe(true);
  return { sb, minute: sb.minute() };
}

it("the registry knows at least 25 kinds, the original five among them", () => {
  expect(knownFaultKinds().length).toBeGreaterThanOrEqual(25);
  expect(knownFaultKinds()).toEqual(
    expect.arrayContaining([
      "bad-ecs-deploy",
      "disk-full-logs",
      "memory-leak",
      "third-party-outage",
      "traffic-surge",
    ]),
  );
});

describe("bad-ecs-deploy", () => {
  const alarm = "checkout-alb-5xx-high";
  const tg = { TargetGroup: "targetgroup/checkout-tg/6d0ecf831eec9f09" };

  it("deploys a new revision at its start, raises 5XX and logs the error", async () => {
    const { sb, minute } = untilAlarm(load("bad-ecs-deploy"));
    expect(minute).toBeGreaterThanOrEqual(6);
    expect(minute).toBeLessThanOrEqual(9);
    expect(
      await latestMetric(sb, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", tg, "Sum"),
    ).toBeGreaterThan(100);
    const text = await logText(sb, "checkout");
    expect(text).toContain("java.lang.NullPointerException");
    expect(text).toContain("Missing required configuration key 'pricing.tax-service.url'");
    const changes = await sb.ports.changes.list({
      service: "checkout",
      since: new Date(0),
      until: sb.clock.now(),
    });
    expect(changes).toEqual([
      expect.objectContaining({ kind: "deployment", from: "checkout:41", to: "checkout:42" }),
    ]);
    expect((await sb.ports.resources.describe("prod/checkout"))?.attributes).toMatchObject({
      taskDefinition: "checkout:42",
      previousTaskDefinitions: "checkout:41,checkout:40,checkout:39",
    });
  });

  it.each(["checkout:41", "checkout:40"])("recovers after a rollback to %s", async (revision) => {
    const { sb } = untilAlarm(load("bad-ecs-deploy"));
    const execution = await runAction(sb, "ecs-rollback-service", {
      cluster: "prod",
      service: "checkout",
      taskDefinition: revision,
    });
    expect(execution.status).toBe("Success");
    sb.advance(4);
    expect(await alarmState(sb, alarm)).toBe("OK");
    expect(await latestMetric(sb, "AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", tg, "Sum")).toBeLessThan(
      10,
    );
    expect(sb.faults()[0]?.status).toBe("resolved");
  });

  it("does not recover from a wrong action", async () => {
    const { sb } = untilAlarm(load("bad-ecs-deploy"));
    expect(
      (
        await runAction(sb, "ecs-rollback-service", {
          cluster: "prod",
          service: "checkout",
          taskDefinition: "checkout:42",
        })
      ).status,
    ).toBe("Success");
    expect(
      (
        await runAction(sb, "lambda-rollback-alias", {
          functionName: "notifications-sender",
          alias: "live",
          version: "11",
        })
      ).status,
    ).toBe("Success");
    expect(
      (
        await runAction(sb, "ecs-rollback-service", {
          cluster: "prod",
          service: "inventory",
          taskDefinition: "inventory:16",
        })
      ).status,
    ).toBe("Success");
    sb.advance(10);
    expect(await alarmState(sb, alarm)).toBe("ALARM");
    expect(sb.faults()[0]?.status).toBe("active");
  });
});

describe("memory-leak", () => {
  const alarm = "search-i-0a1b2c3d4e5f60712-memory-high";
  const leaking = "i-0a1b2c3d4e5f60712";

  it("drives one instance's memory past 90% with GC and OOM lines", async () => {
    const { sb, minute } = untilAlarm(load("memory-leak-ec2"));
    expect(minute).toBeGreaterThanOrEqual(12);
    expect(minute).toBeLessThanOrEqual(25);
    expect(await latestMetric(sb, "CWAgent", "mem_used_percent", { InstanceId: leaking })).toBeGreaterThan(
      90,
    );
    expect(
      await latestMetric(sb, "CWAgent", "mem_used_percent", { InstanceId: "i-0a1b2c3d4e5f60711" }),
    ).toBeLessThan(60);
    const end = sb.clock.now();
    const lines = await sb.ports.logs.query({
      service: "search",
      start: new Date(end.getTime() - 600_000),
      end,
      filter: "GC",
    });
    expect(lines.length).toBeGreaterThan(3);
    expect(lines.every((l) => l.stream === leaking)).toBe(true);
    sb.advance(3);
    expect(await logText(sb, "search")).toContain("java.lang.OutOfMemoryError: Java heap space");
  });

  it("recovers when that instance is restarted, with no data while it is stopped", async () => {
    const { sb } = untilAlarm(load("memory-leak-ec2"));
    const started = await sb.ports.automation.start({
      actionId: "ec2-restart-instance",
      executor: { type: "ssm-automation", document: "AWS-RestartEC2Instance" },
      parameters: { InstanceId: leaking },
      clientToken: "3f1c2d4e-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
    });
    expect(started.status).toBe("InProgress");
    expect((await sb.ports.resources.describe(leaking))?.state).toBe("stopping");
    sb.advance(3);
    expect((await sb.ports.automation.status(started.executionId)).status).toBe("Success");
    expect((await sb.ports.resources.describe(leaking))?.state).toBe("running");
    sb.advance(3);
    expect(await latestMetric(sb, "CWAgent", "mem_used_percent", { InstanceId: leaking })).toBeLessThan(80);
    expect(await alarmState(sb, alarm)).toBe("OK");
    expect(sb.faults()[0]?.status).toBe("resolved");
    const changes = await sb.ports.changes.list({
      service: "search",
      since: new Date(0),
      until: sb.clock.now(),
    });
    expect(changes.at(-1)).toMatchObject({ kind: "infrastructure", resourceId: leaking });
  });

  it("does not recover when another instance is restarted or the group scales out", async () => {
    const { sb } = untilAlarm(load("memory-leak-ec2"));
    expect((await runAction(sb, "ec2-restart-instance", { InstanceId: "i-0a1b2c3d4e5f60711" })).status).toBe(
      "Success",
    );
    expect(
      (
        await runAction(sb, "asg-set-desired-capacity", {
          AutoScalingGroupName: "search-asg",
          DesiredCapacity: 5,
        })
      ).status,
    ).toBe("Success");
    sb.advance(5);
    expect(await alarmState(sb, alarm)).toBe("ALARM");
    expect(sb.faults()[0]?.status).toBe("active");
  });
});

describe("traffic-surge", () => {
  const alarm = "web-asg-cpu-high";
  const asg = { AutoScalingGroupName: "web-asg" };

  it("raises group CPU with the request count", async () => {
    const { sb, minute } = untilAlarm(load("traffic-surge-asg"));
    expect(minute).toBeGreaterThanOrEqual(8);
    expect(minute).toBeLessThanOrEqual(14);
    expect(await latestMetric(sb, "AWS/EC2", "CPUUtilization", asg)).toBeGreaterThan(85);
    const requests = await latestMetric(
      sb,
      "AWS/ApplicationELB",
      "RequestCount",
      { TargetGroup: "targetgroup/web-tg/943f017f100becff" },
      "Sum",
    );
    expect(requests).toBeGreaterThan(3000 * 2.2);
    expect(await logText(sb, "web")).toContain("Tomcat thread pool busy");
  });

  it("recovers when capacity is raised enough", async () => {
    const { sb } = untilAlarm(load("traffic-surge-asg"));
    const execution = await runAction(sb, "asg-set-desired-capacity", { ...asg, DesiredCapacity: 6 });
    expect(execution.status).toBe("Success");
    expect(execution.output).toContain("6 instance(s) InService");
    sb.advance(3);
    expect(await latestMetric(sb, "AWS/EC2", "CPUUtilization", asg)).toBeLessThan(70);
    expect(await alarmState(sb, alarm)).toBe("OK");
    expect(sb.faults()[0]?.status).toBe("resolved");
    expect((await sb.ports.resources.describe("web-asg"))?.attributes["desiredCapacity"]).toBe(6);
  });

  it("does not recover from a restart or too small a step", async () => {
    const { sb } = untilAlarm(load("traffic-surge-asg"));
    const group = await sb.ports.resources.describe("web-asg");
    const first = String(group?.attributes["instances"]).split(",")[0];
    expect((await runAction(sb, "ec2-restart-instance", { InstanceId: first })).status).toBe("Success");
    sb.advance(2);
    expect(await alarmState(sb, alarm)).toBe("ALARM");
    expect(sb.faults()[0]?.status).toBe("active");
    // One more instance is not enough: CPU stays above the catalogue's 70% success signal.
    expect((await runAction(sb, "asg-set-desired-capacity", { ...asg, DesiredCapacity: 4 })).status).toBe(
      "Success",
    );
    sb.advance(4);
    expect(await latestMetric(sb, "AWS/EC2", "CPUUtilization", asg)).toBeGreaterThan(70);
    expect(sb.faults()[0]?.status).toBe("active");
  });

  it("with atMax, the group is at MaxSize and capacity cannot be raised", async () => {
    const base = load("traffic-surge-asg");
    const scenario: Scenario = {
      ...base,
      environment: {
        ...base.environment,
        resources: base.environment.resources.map((r) =>
          r.type === "autoscaling-group" ? { ...r, maxSize: 4 } : r,
        ),
      },
      faults: base.faults.map((f) => ({ ...f, params: { ...f.params, atMax: true, factor: 3.5 } })),
    };
    const { sb } = untilAlarm(scenario);
    expect((await sb.ports.resources.describe("web-asg"))?.attributes).toMatchObject({
      desiredCapacity: 4,
      maxSize: 4,
    });
    const execution = await runAction(sb, "asg-set-desired-capacity", { ...asg, DesiredCapacity: 8 });
    expect(execution.status).toBe("Failed");
    expect(execution.output).toBe(
      "ValidationError: New SetDesiredCapacity value 8 is above max value 4 for the AutoScalingGroup.",
    );
    sb.advance(5);
    expect(await alarmState(sb, alarm)).toBe("ALARM");
  });
});

describe("disk-full-logs", () => {
  const alarm = "reports-root-disk-high";
  const id = "i-0f3e2d1c0b9a87654";

  it("fills the disk past 90% with 'No space left on device' errors", async () => {
    const { sb, minute } = untilAlarm(load("disk-full-logs"));
    expect(minute).toBeGreaterThanOrEqual(10);
    expect(minute).toBeLessThanOrEqual(20);
    expect(
      await latestMetric(sb, "CWAgent", "disk_used_percent", { InstanceId: id, path: "/" }),
    ).toBeGreaterThan(90);
    sb.advance(3);
    expect(await logText(sb, "reports")).toContain("No space left on device");
  });

  it("recovers after the rotated logs are cleaned up", async () => {
    const { sb } = untilAlarm(load("disk-full-logs"));
    const execution = await runAction(sb, "ec2-cleanup-rotated-logs", { InstanceId: id });
    expect(execution.status).toBe("Success");
    expect(execution.output).toMatch(/freed \d+\.\d GB/);
    sb.advance(2);
    expect(
      await latestMetric(sb, "CWAgent", "disk_used_percent", { InstanceId: id, path: "/" }),
    ).toBeLessThan(85);
    expect(await alarmState(sb, alarm)).toBe("OK");
    expect(sb.faults()[0]?.status).toBe("resolved");
  });

  it("does not recover from a restart", async () => {
    const { sb } = untilAlarm(load("disk-full-logs"));
    expect((await runAction(sb, "ec2-restart-instance", { InstanceId: id })).status).toBe("Success");
    sb.advance(3);
    expect(await alarmState(sb, alarm)).toBe("ALARM");
    expect(sb.faults()[0]?.status).toBe("active");
  });
});

describe("third-party-outage", () => {
  const alarm = "payments-alb-5xx-high";

  it("fails the callers with upstream timeouts naming the provider", async () => {
    const { sb, minute } = untilAlarm(load("third-party-outage"));
    expect(minute).toBeLessThanOrEqual(9);
    const text = await logText(sb, "payments");
    expect(text).toContain(
      "Upstream request to https://api.payments-gateway.example/v1/charges timed out after 5000 ms",
    );
    expect(text).toContain("CircuitBreaker 'payments-gateway' changed state from CLOSED to OPEN");
  });

  it("recovers from no action of ours, only by itself after its duration", async () => {
    const { sb } = untilAlarm(load("third-party-outage"));
    const attempts: [string, Record<string, unknown>][] = [
      ["ecs-rollback-service", { cluster: "prod", service: "payments", taskDefinition: "payments:56" }],
      ["ecs-rollback-service", { cluster: "prod", service: "inventory", taskDefinition: "inventory:18" }],
      ["ecs-rollback-service", { cluster: "prod", service: "ledger", taskDefinition: "ledger:22" }],
      ["ec2-restart-instance", { InstanceId: "i-0123456789abcdef0" }],
      ["asg-set-desired-capacity", { AutoScalingGroupName: "payments-asg", DesiredCapacity: 6 }],
      ["lambda-rollback-alias", { functionName: "payments", alias: "live", version: "1" }],
      ["ec2-cleanup-rotated-logs", { InstanceId: "i-0123456789abcdef0" }],
    ];
    for (const [actionId, params] of attempts) await runAction(sb, actionId, params);
    sb.advance(5);
    expect(await alarmState(sb, alarm)).toBe("ALARM");
    expect(sb.faults()[0]?.status).toBe("active");
    sb.advance(50 - sb.minute());
    expect(sb.faults()[0]?.status).toBe("ended");
    sb.advance(4);
    expect(await alarmState(sb, alarm)).toBe("OK");
  });
});
