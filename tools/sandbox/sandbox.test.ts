import { resolve } from "node:path";
import type { Sandbox } from "./index.js";
import { createSandbox, loadScenario } from "./index.js";

const scenarioPath = (name: string) => resolve(import.meta.dirname, "../../evals/scenarios", `${name}.yaml`);

/** Everything observable about a run, for comparing two runs. */
function snapshot(sb: Sandbox) {
  const metrics = sb.world.metrics
    .list()
    .map((id) => sb.world.metrics.query(id, 0, sb.clock.nowMs(), 60, "Average"));
  return { metrics, logs: sb.world.logs, events: sb.events, changes: sb.world.changes };
}

describe("determinism", () => {
  it.each(["bad-ecs-deploy", "memory-leak-ec2", "traffic-surge-asg", "disk-full-logs", "third-party-outage"])(
    "%s: the same seed gives identical metrics, logs, changes and events",
    (name) => {
      const scenario = loadScenario(scenarioPath(name));
      const a = createSandbox(scenario);
      const b = createSandbox(scenario);
      a.advance(40);
      b.advance(40);
      expect(a.events.length).toBeGreaterThan(0);
      expect(snapshot(a)).toEqual(snapshot(b));
    },
  );

  it("a different seed gives different noise", () => {
    const scenario = loadScenario(scenarioPath("control-no-fault"));
    const a = createSandbox(scenario);
    const b = createSandbox({ ...scenario, metadata: { ...scenario.metadata, seed: 2 } });
    a.advance(5);
    b.advance(5);
    expect(snapshot(a).metrics).not.toEqual(snapshot(b).metrics);
  });

  it("query order does not change the world", async () => {
    const scenario = loadScenario(scenarioPath("memory-leak-ec2"));
    const a = createSandbox(scenario);
    const b = createSandbox(scenario);
    for (let i = 0; i < 10; i++) {
      await a.ports.metrics.getSeries({
        namespace: "CWAgent",
        metric: "mem_used_percent",
        dimensions: { InstanceId: "i-0a1b2c3d4e5f60712" },
        start: new Date(0),
        end: a.clock.now(),
      });
      await a.ports.logs.query({ service: "search", start: new Date(0), end: a.clock.now() });
      a.advance(2);
    }
    b.advance(20);
    expect(snapshot(a)).toEqual(snapshot(b));
  });
});

describe("virtual clock", () => {
  it("starts at timeline.start with the history behind it", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("control-no-fault")));
    expect(sb.clock.now().toISOString()).toBe("2024-05-14T13:00:00.000Z");
    expect(sb.minute()).toBe(0);
    const series = await sb.ports.metrics.getSeries({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { AutoScalingGroupName: "web-asg" },
      start: new Date("2024-05-14T12:00:00Z"),
      end: new Date("2024-05-14T14:00:00Z"),
    });
    expect(series.points).toHaveLength(60);
    expect(series.points.at(-1)?.time).toBe("2024-05-14T12:59:00.000Z");
    for (const p of series.points) expect(p.value).toBeGreaterThan(25);
  });

  it("sleep advances the world minute by minute, instantly", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("disk-full-logs")));
    const t0 = performance.now();
    await sb.ports.clock.sleep(15 * 60_000);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(sb.minute()).toBe(15);
    await sb.ports.clock.sleep(30_000);
    expect(sb.clock.now().toISOString()).toBe("2024-03-18T02:15:30.000Z");
    await sb.ports.clock.sleep(30_000);
    expect(sb.minute()).toBe(16);
    await expect(sb.ports.clock.sleep(-1)).rejects.toThrow(/non-negative/);
  });

  it("the future has no data", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("control-no-fault")));
    const now = sb.clock.now();
    const later = new Date(now.getTime() + 3_600_000);
    const series = await sb.ports.metrics.getSeries({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { AutoScalingGroupName: "web-asg" },
      start: now,
      end: later,
    });
    expect(series.points).toEqual([]);
    expect(await sb.ports.logs.query({ service: "web", start: now, end: later })).toEqual([]);
  });
});

describe("ports", () => {
  it("describes resources with the attributes the catalogue reads", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("memory-leak-ec2")));
    const { resources } = sb.ports;
    const instance = await resources.describe("i-0a1b2c3d4e5f60712");
    expect(instance).toMatchObject({
      type: "ec2-instance",
      service: "search",
      group: "search-asg",
      state: "running",
    });
    expect(instance?.attributes).toMatchObject({ instanceType: "r5.large", diskSizeGb: 50 });
    const asg = await resources.describe("search-asg");
    expect(asg?.attributes).toMatchObject({ minSize: 3, maxSize: 6, desiredCapacity: 3 });
    const ecs = await resources.describe("arn:aws:ecs:us-east-1:123456789012:service/prod/catalog");
    expect(ecs?.attributes).toMatchObject({
      cluster: "prod",
      service: "catalog",
      taskDefinition: "catalog:88",
      previousTaskDefinitions: "catalog:87",
    });
    expect(await resources.describe("i-0000000000000000")).toBeUndefined();
    const all = await resources.listByService("search");
    expect(all.map((r) => r.type).sort()).toEqual([
      "autoscaling-group",
      "ec2-instance",
      "ec2-instance",
      "ec2-instance",
    ]);
    expect(await resources.dependencies("search")).toEqual([{ service: "catalog", external: false }]);
  });

  it("lists external dependencies and describes them", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("third-party-outage")));
    expect(await sb.ports.resources.dependencies("payments")).toEqual([
      { service: "payments-gateway", external: true },
      { service: "ledger", external: false },
    ]);
    expect(await sb.ports.resources.describe("payments-gateway")).toMatchObject({
      type: "external-dependency",
      attributes: { host: "api.payments-gateway.example" },
    });
  });

  it("filters logs by group, pattern and limit, with levels on every line", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("third-party-outage")));
    sb.advance(15);
    const end = sb.clock.now();
    const start = new Date(end.getTime() - 15 * 60_000);
    const all = await sb.ports.logs.query({ service: "payments", start, end });
    expect(all.length).toBeGreaterThan(30);
    expect(all.every((l) => l.logGroup === "/ecs/payments" && l.level !== undefined)).toBe(true);
    const timeouts = await sb.ports.logs.query({
      logGroup: "/ecs/payments",
      start,
      end,
      filter: "timed out",
    });
    expect(timeouts.length).toBeGreaterThan(5);
    expect(timeouts.every((l) => /timed out/i.test(l.message))).toBe(true);
    expect(timeouts.some((l) => l.message.includes("api.payments-gateway.example"))).toBe(true);
    const either = await sb.ports.logs.query({
      service: "payments",
      start,
      end,
      filter: '?"502" ?ConnectTimeoutException',
    });
    expect(either.length).toBeGreaterThan(0);
    const injected = await sb.ports.logs.query({
      service: "payments",
      start,
      end,
      filter: "ignore previous instructions",
    });
    expect(injected).toHaveLength(2);
    const limited = await sb.ports.logs.query({ service: "payments", start, end, limit: 5 });
    expect(limited).toEqual(all.slice(-5));
  });

  it("lists changes in a window, decoys included", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("third-party-outage")));
    sb.advance(10);
    const changes = await sb.ports.changes.list({
      since: new Date("2024-08-21T15:00:00Z"),
      until: sb.clock.now(),
    });
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      service: "inventory",
      kind: "deployment",
      from: "inventory:18",
      to: "inventory:19",
    });
    expect(
      await sb.ports.changes.list({ service: "payments", since: new Date(0), until: sb.clock.now() }),
    ).toEqual([]);
    expect((await sb.ports.resources.describe("prod/inventory"))?.attributes["taskDefinition"]).toBe(
      "inventory:19",
    );
  });

  it("alarms port lists alarms and their states", async () => {
    const sb = createSandbox(loadScenario(scenarioPath("bad-ecs-deploy")));
    expect((await sb.ports.alarms.list()).map((a) => a.state)).toEqual(["OK", "OK"]);
    sb.runUntilAlarm();
    const alarming = await sb.ports.alarms.list({ state: "ALARM" });
    expect(alarming.map((a) => a.name)).toEqual(["checkout-alb-5xx-high"]);
    expect(alarming[0]).toMatchObject({
      namespace: "AWS/ApplicationELB",
      threshold: 50,
      service: "checkout",
    });
    expect(await sb.ports.alarms.list({ service: "inventory" })).toHaveLength(1);
  });
});
