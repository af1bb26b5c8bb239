/**
 * The fault library beyond the first five kinds: every kind is exercised by a bundled scenario (whose test
 * checks the alarm and the recovery), and each kind's own effects on metrics, logs, changes and resource
 * descriptions are what its runbook and the responder expect. Wrong actions leave the fault in place.
 */
import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Sandbox, Scenario } from "../index.js";
import { createSandbox, FAULT_REGISTRY, knownFaultKinds, loadScenario } from "../index.js";
import { alarmState, latestMetric, logText, runAction } from "../test-support.js";

const dir = resolve(import.meta.dirname, "../../../evals/scenarios");
const load = (name: string): Scenario => loadScenario(resolve(dir, `${name}.yaml`));

function atAlarm(name: string): Sandbox {
  const sb = createSandbox(load(name));
  expect(sb.runUntilAlarm().some((e) => e.detail.state.value === "ALARM")).toBe(true);
  return sb;
}

async function changes(sb: Sandbox, service: string) {
  return sb.ports.changes.list({ service, since: new Date(0), until: sb.clock.now() });
}

describe("the registry", () => {
  const used = new Set(
    readdirSync(dir)
      .filter((f) => f.endsWith(".yaml"))
      .flatMap((f) => loadScenario(resolve(dir, f)).faults.map((x) => x.kind)),
  );

  it.each(knownFaultKinds())("%s has a summary, default params, and a bundled scenario", (kind) => {
    const fault = FAULT_REGISTRY.get(kind);
    expect(fault?.summary.length).toBeGreaterThan(20);
    expect(fault?.params.safeParse({}).success).toBe(true);
    expect(used.has(kind)).toBe(true);
  });
});

describe("deploy faults", () => {
  it("bad-lambda-deploy moves the alias, logs TypeErrors, and any earlier version fixes it", async () => {
    const sb = atAlarm("bad-lambda-deploy");
    expect((await sb.ports.resources.describe("notifications-sender:live"))?.attributes).toMatchObject({
      aliasVersion: "13",
      previousVersions: "12,11,10",
    });
    expect(await logText(sb, "notifications")).toContain('"errorType":"TypeError"');
    expect((await changes(sb, "notifications"))[0]).toMatchObject({
      kind: "deployment",
      from: "12",
      to: "13",
    });
    await runAction(sb, "lambda-rollback-alias", {
      functionName: "notifications-sender",
      alias: "live",
      version: "11",
    });
    sb.advance(4);
    expect(await alarmState(sb, "notifications-sender-errors")).toBe("OK");
  });

  it("ecs-missing-image stalls the rollout with CannotPullContainerError until a rollback", async () => {
    const sb = atAlarm("ecs-missing-image");
    const attrs = (await sb.ports.resources.describe("prod/orders"))?.attributes;
    expect(attrs).toMatchObject({
      taskDefinition: "orders:58",
      runningCount: 3,
      rolloutState: "IN_PROGRESS",
    });
    expect(String(attrs?.["lastEvent"])).toContain("CannotPullContainerError");
    expect(await logText(sb, "orders")).toContain("Essential container in task exited");
    await runAction(sb, "ecs-rollback-service", {
      cluster: "prod",
      service: "orders",
      taskDefinition: "orders:57",
    });
    expect((await sb.ports.resources.describe("prod/orders"))?.attributes).toMatchObject({
      runningCount: 6,
      rolloutState: "COMPLETED",
    });
  });

  it("config-change via Parameter Store survives a rollback; via task definition it does not", async () => {
    const store = atAlarm("config-change-parameter-store");
    expect((await changes(store, "checkout"))[0]).toMatchObject({
      kind: "config",
      resourceId: "/prod/checkout/tax-service-url",
    });
    await runAction(store, "ecs-rollback-service", {
      cluster: "prod",
      service: "checkout",
      taskDefinition: "checkout:40",
    });
    store.advance(5);
    expect(store.faults()[0]?.status).toBe("active");
    expect(await logText(store, "checkout", 5)).toContain("MalformedURLException");

    const revision = atAlarm("config-change-task-definition");
    expect((await changes(revision, "checkout"))[0]).toMatchObject({
      kind: "config",
      from: "checkout:41",
      to: "checkout:42",
    });
  });

  it("feature-flag-change records the flag flip after the decoy deploy", async () => {
    const sb = atAlarm("feature-flag-decoy-deploy");
    expect((await changes(sb, "checkout")).map((c) => c.kind)).toEqual(["deployment", "feature-flag"]);
    expect(await logText(sb, "checkout")).toContain("feature flag checkout.recommendations-v2 on");
  });
});

describe("instance faults", () => {
  it("hung-process marks only the hung instance unhealthy, and a peer's restart does not help", async () => {
    const sb = atAlarm("hung-process-asg");
    expect((await sb.ports.resources.describe("i-0c4d5e6f7a8b90102"))?.attributes["healthStatus"]).toBe(
      "Unhealthy",
    );
    expect((await sb.ports.resources.describe("i-0c4d5e6f7a8b90101"))?.attributes["healthStatus"]).toBe(
      "Healthy",
    );
    expect(await logText(sb, "inventory")).toContain("all worker threads blocked");
    await runAction(sb, "ec2-restart-instance", { InstanceId: "i-0c4d5e6f7a8b90101" });
    sb.advance(3);
    expect(sb.faults()[0]?.status).toBe("active");
  });

  it("ec2-system-check-failure reports an impaired host until a stop/start", async () => {
    const sb = atAlarm("ec2-system-check-failure");
    const id = "i-0b1a2c3d4e5f60789";
    expect(await latestMetric(sb, "AWS/EC2", "StatusCheckFailed_System", { InstanceId: id }, "Maximum")).toBe(
      1,
    );
    expect((await sb.ports.resources.describe(id))?.attributes["systemStatus"]).toBe("impaired");
    await runAction(sb, "ec2-restart-instance", { InstanceId: id });
    sb.advance(2);
    expect((await sb.ports.resources.describe(id))?.attributes["systemStatus"]).toBe("ok");
  });

  it("disk-full-data frees almost nothing with the log cleanup", async () => {
    const sb = atAlarm("disk-full-data-growth");
    const id = "i-0e1d2c3b4a5968778";
    const execution = await runAction(sb, "ec2-cleanup-rotated-logs", { InstanceId: id });
    expect(execution.output).toMatch(/freed 3\.0 GB/);
    sb.advance(3);
    expect(
      await latestMetric(sb, "CWAgent", "disk_used_percent", { InstanceId: id, path: "/" }),
    ).toBeGreaterThan(88);
    expect(sb.faults()[0]?.status).toBe("active");
  });

  it("guardduty-finding pins one instance's CPU and logs the finding", async () => {
    const sb = atAlarm("guardduty-crypto-mining");
    expect(
      await latestMetric(sb, "AWS/EC2", "CPUUtilization", { InstanceId: "i-0d1e2f3a4b5c60702" }),
    ).toBeGreaterThan(90);
    expect(
      await latestMetric(sb, "AWS/EC2", "CPUUtilization", { InstanceId: "i-0d1e2f3a4b5c60701" }),
    ).toBeLessThan(60);
    expect(await logText(sb, "web")).toContain("GuardDuty finding CryptoCurrency:EC2/BitcoinTool.B!DNS");
  });
});

describe("traffic faults", () => {
  it("bot-flood: scaling out lowers CPU but the abusive clients stay", async () => {
    const sb = atAlarm("bot-flood");
    expect(await logText(sb, "web")).toContain("rate limit exceeded for client");
    await runAction(sb, "asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 6 });
    sb.advance(4);
    expect(
      await latestMetric(sb, "AWS/EC2", "CPUUtilization", { AutoScalingGroupName: "web-asg" }),
    ).toBeLessThan(70);
    expect(sb.faults()[0]?.status).toBe("active");
  });

  it("flapping-alarm flips its alarm between ALARM and OK every few minutes", () => {
    const sb = createSandbox(load("flapping-alarm"));
    sb.advance(30);
    expect(sb.events.length).toBeGreaterThanOrEqual(6);
  });

  it("scheduled-batch-spike ends by itself when the job finishes", () => {
    const sb = atAlarm("scheduled-batch-spike");
    expect(sb.faults()[0]?.status).toBe("active");
    sb.advance(50 - sb.minute());
    expect(sb.faults()[0]?.status).toBe("resolved");
  });
});

describe("data and edge faults", () => {
  it("db-connection-exhaustion caps connections at max_connections with pool timeouts", async () => {
    const sb = atAlarm("db-connection-exhaustion");
    sb.advance(3);
    expect(
      await latestMetric(
        sb,
        "AWS/RDS",
        "DatabaseConnections",
        { DBInstanceIdentifier: "orders-db" },
        "Maximum",
      ),
    ).toBe(500);
    expect(await logText(sb, "orders", 5)).toContain("remaining connection slots are reserved");
  });

  it("slow-query raises RDS CPU and read latency", async () => {
    const sb = atAlarm("slow-query");
    expect(
      await latestMetric(sb, "AWS/RDS", "CPUUtilization", { DBInstanceIdentifier: "orders-db" }),
    ).toBeGreaterThan(80);
    expect(
      await latestMetric(sb, "AWS/RDS", "ReadLatency", { DBInstanceIdentifier: "orders-db" }),
    ).toBeGreaterThan(0.03);
  });

  it("security-group-rule-removed records the revoke and drains the database's connections", async () => {
    const sb = atAlarm("security-group-rule-removed");
    expect((await changes(sb, "orders"))[0]?.summary).toContain("RevokeSecurityGroupIngress");
    sb.advance(3);
    expect(
      await latestMetric(sb, "AWS/RDS", "DatabaseConnections", { DBInstanceIdentifier: "orders-db" }),
    ).toBeLessThan(20);
  });

  it("dynamodb-throttling throttles writes on a provisioned table", async () => {
    const sb = atAlarm("dynamodb-throttling");
    expect(
      await latestMetric(sb, "AWS/DynamoDB", "WriteThrottleEvents", { TableName: "products" }, "Sum"),
    ).toBeGreaterThan(100);
    expect((await sb.ports.resources.describe("products"))?.attributes).toMatchObject({
      writeCapacityUnits: 200,
    });
  });

  it("aws-health-event fails DynamoDB calls until AWS resolves it", async () => {
    const sb = atAlarm("aws-health-event");
    expect(
      await latestMetric(sb, "AWS/DynamoDB", "SystemErrors", { TableName: "user-profiles" }, "Sum"),
    ).toBeGreaterThan(50);
    expect(await logText(sb, "profiles")).toContain("AWS_DYNAMODB_OPERATIONAL_ISSUE");
    sb.advance(45 - sb.minute() + 5);
    expect(sb.faults()[0]?.status).toBe("ended");
  });

  it("cache-cascading-failure drops the hit rate and loads the database", async () => {
    const sb = atAlarm("cache-cascading-failure");
    expect(
      await latestMetric(sb, "AWS/ElastiCache", "CacheHitRate", { CacheClusterId: "catalog-cache" }),
    ).toBeLessThan(20);
    expect(await logText(sb, "catalog")).toContain("RedisCommandTimeoutException");
  });

  it("expired-certificate: zero days to expiry, handshake errors at the caller", async () => {
    const sb = atAlarm("expired-certificate");
    const lb = await sb.ports.resources.describe("app/tax-internal/6f708192a3b4c5d6");
    expect(lb?.attributes["certificateNotAfter"]).toBe("2024-05-15T00:00:00.000Z");
    const arn = String(lb?.attributes["certificateArn"]);
    expect(
      await latestMetric(sb, "AWS/CertificateManager", "DaysToExpiry", { CertificateArn: arn }, "Minimum"),
    ).toBe(0);
    expect(await logText(sb, "checkout")).toContain("CertificateExpiredException");
  });

  it("lambda-throttling throttles above the reserved concurrency", async () => {
    const sb = atAlarm("lambda-throttling");
    const dims = { FunctionName: "thumbnails-generator" };
    expect(await latestMetric(sb, "AWS/Lambda", "Throttles", dims, "Sum")).toBeGreaterThan(50);
    expect(await latestMetric(sb, "AWS/Lambda", "ConcurrentExecutions", dims, "Maximum")).toBeLessThanOrEqual(
      25,
    );
  });

  it("poison-message ages the oldest message a minute per minute", async () => {
    const sb = atAlarm("poison-message");
    const dims = { QueueName: "fulfilment-orders" };
    const before = await latestMetric(sb, "AWS/SQS", "ApproximateAgeOfOldestMessage", dims, "Maximum");
    sb.advance(5);
    expect(await latestMetric(sb, "AWS/SQS", "ApproximateAgeOfOldestMessage", dims, "Maximum")).toBe(
      before + 300,
    );
    expect(await logText(sb, "fulfilment")).toContain("JSONDecodeError");
  });

  it("recursive-lambda-loop multiplies invocations and logs writes to its own bucket", async () => {
    const sb = atAlarm("recursive-lambda-loop");
    expect(
      await latestMetric(sb, "AWS/Lambda", "Invocations", { FunctionName: "image-resizer" }, "Sum"),
    ).toBeGreaterThan(2000);
    expect(await logText(sb, "media")).toContain("same bucket as the trigger");
  });

  it("iam-policy-detached records the detach and denies the function's calls", async () => {
    const sb = atAlarm("iam-policy-detached");
    expect((await changes(sb, "orders-writer")).at(-1)).toMatchObject({ kind: "infrastructure" });
    expect(await logText(sb, "orders-writer")).toContain("AccessDeniedException");
  });
});
