/**
 * Sandbox fidelity: every action the simulated account can run is applied to a fault it must not fix, and
 * nothing heals (the fault stays active, its alarm stays in ALARM). Where the action is the right fix, the
 * same fault heals. An action that would do nothing in AWS must not "work" in the eval.
 */
import type { Scenario } from "../index.js";
import {
  alarmState,
  applyThenWait,
  bundledScenario,
  firstFaultStatus,
  latestMetric,
  runAction,
  sandboxAtAlarm,
} from "../test-support.js";

/** The scenario with its first fault's params replaced (and everything else as declared). */
function withFaultParams(name: string, params: Record<string, unknown>): Scenario {
  const scenario = structuredClone(bundledScenario(name));
  const fault = scenario.faults[0];
  if (!fault) throw new Error(`${name} has no fault`);
  fault.params = { ...(fault.params as Record<string, unknown>), ...params };
  return scenario;
}

describe("actions applied to a fault they must not fix: nothing heals", () => {
  it("log cleanup does not free logs outside /var/log/app", async () => {
    const sb = sandboxAtAlarm(withFaultParams("disk-full-logs", { logDir: "/opt/reports/logs" }));
    const execution = await applyThenWait(sb, "ec2-cleanup-rotated-logs", {
      InstanceId: "i-0f3e2d1c0b9a87654",
    });
    expect(execution.status).toBe("Success");
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "reports-root-disk-high")).toBe("ALARM");
  });

  it("raising a reservation feeds a recursive loop instead of stopping it", async () => {
    const sb = sandboxAtAlarm(bundledScenario("recursive-lambda-loop"));
    const fn = await sb.ports.resources.describe("image-resizer:live");
    const current = Number(fn?.attributes.reservedConcurrency ?? 0);
    if (current > 0) {
      await applyThenWait(sb, "lambda-set-reserved-concurrency", {
        FunctionName: "image-resizer",
        ReservedConcurrentExecutions: current * 2,
      });
    } else {
      await applyThenWait(sb, "lambda-remove-reserved-concurrency", { FunctionName: "image-resizer" });
    }
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "image-resizer-invocations-high")).toBe("ALARM");
  });

  it("stopping a throttled function (concurrency 0) does not end its throttling", async () => {
    const sb = sandboxAtAlarm(bundledScenario("lambda-throttling"));
    await applyThenWait(sb, "lambda-stop-recursive-loop", {
      FunctionName: "thumbnails-generator",
      ReservedConcurrentExecutions: 0,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "thumbnails-generator-throttles")).toBe("ALARM");
  });

  it("on-demand does not lift a hot partition's throttling", async () => {
    const sb = sandboxAtAlarm(
      withFaultParams("dynamodb-throttling", { hotPartition: true, extraWriteUnits: 600 }),
    );
    await applyThenWait(sb, "dynamodb-switch-to-on-demand", {
      TableName: "products",
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(
      await latestMetric(sb, "AWS/DynamoDB", "WriteThrottleEvents", { TableName: "products" }, "Sum"),
    ).toBeGreaterThan(0);
  });

  it("a redrive-policy change cannot move a poison message when there is no dead-letter queue", async () => {
    const sb = sandboxAtAlarm(bundledScenario("poison-message"));
    const execution = await runAction(sb, "sqs-move-poison-messages", {
      QueueName: "fulfilment-orders",
      DeadLetterQueueName: "fulfilment-orders-dlq",
      maxReceiveCount: 2,
    });
    expect(execution.status).toBe("Failed");
    sb.advance(10);
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "fulfilment-orders-oldest-message-age")).toBe("ALARM");
  });

  it("growing the volume does not free leaked memory", async () => {
    const sb = sandboxAtAlarm(bundledScenario("memory-leak-ec2"));
    const id = "i-0a1b2c3d4e5f60712";
    const instance = await sb.ports.resources.describe(id);
    await applyThenWait(sb, "ebs-extend-volume", {
      InstanceId: id,
      VolumeId: String(instance?.attributes.rootVolumeId),
      SizeGib: String(Number(instance?.attributes.diskSizeGb) * 2),
      MountPoint: "/",
      KeepSnapshot: true,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "search-i-0a1b2c3d4e5f60712-memory-high")).toBe("ALARM");
  });

  it("replacing tasks on the same bad revision does not fix a bad deploy", async () => {
    const sb = sandboxAtAlarm(bundledScenario("bad-ecs-deploy"));
    await applyThenWait(sb, "ecs-force-new-deployment", {
      cluster: "prod",
      service: "checkout",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "checkout-alb-5xx-high")).toBe("ALARM");
  });

  it("more tasks do not switch a broken feature flag off", async () => {
    const sb = sandboxAtAlarm(bundledScenario("feature-flag-decoy-deploy"));
    const ecs = (await sb.ports.resources.listByService("checkout")).find((r) => r.type === "ecs-service");
    await applyThenWait(sb, "ecs-set-desired-count", {
      cluster: String(ecs?.attributes.cluster),
      service: String(ecs?.attributes.service),
      desiredCount: Number(ecs?.attributes.desiredCount) + 2,
    });
    expect(firstFaultStatus(sb)).toBe("active");
  });

  it("a higher MaxSize adds no instance by itself: a bot flood keeps the group hot", async () => {
    const sb = sandboxAtAlarm(bundledScenario("bot-flood"));
    const before = await sb.ports.resources.describe("web-asg");
    await applyThenWait(sb, "asg-raise-max-size", {
      AutoScalingGroupName: "web-asg",
      MaxSize: Number(before?.attributes.maxSize) * 2,
    });
    const after = await sb.ports.resources.describe("web-asg");
    expect(after?.attributes.desiredCapacity).toBe(before?.attributes.desiredCapacity);
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "web-asg-cpu-high")).toBe("ALARM");
  });

  it("a database reboot does not cure a slow query", async () => {
    const sb = sandboxAtAlarm(bundledScenario("slow-query"));
    await applyThenWait(sb, "rds-reboot-instance", { InstanceId: "orders-db" });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "orders-db-cpu-high")).toBe("ALARM");
  });

  it.each([
    [
      "appconfig-rollback-configuration",
      {
        ApplicationId: "shop",
        EnvironmentId: "prod",
        ConfigurationProfileId: "flags",
        ConfigurationVersion: "3",
        DeploymentStrategyId: "AppConfig.AllAtOnce",
      },
    ],
  ])(
    "%s on a resource the simulated account does not model fails at start and heals nothing",
    async (actionId, params) => {
      const sb = sandboxAtAlarm(bundledScenario("guardduty-crypto-mining"));
      const execution = await runAction(sb, actionId, params);
      expect(execution.status).toBe("Failed");
      sb.advance(10);
      expect(firstFaultStatus(sb)).toBe("active");
    },
  );
});

describe("Parameter Store reverts", () => {
  it("a revert cannot touch a setting shipped in a task definition (no such parameter)", async () => {
    const sb = sandboxAtAlarm(bundledScenario("config-change-task-definition"));
    const execution = await runAction(sb, "ssm-parameter-revert", {
      Name: "/prod/checkout/tax-service-url",
      RestoreVersion: "7",
    });
    expect(execution.status).toBe("Failed");
    sb.advance(10);
    expect(firstFaultStatus(sb)).toBe("active");
  });

  it("writing back the version that was already bad heals nothing; the good one does", async () => {
    const sb = sandboxAtAlarm(bundledScenario("config-change-parameter-store"));
    const name = "/prod/checkout/tax-service-url";
    expect((await sb.ports.resources.describe(name))?.attributes).toMatchObject({
      version: "8",
      previousVersions: "7,6",
    });
    await applyThenWait(sb, "ssm-parameter-revert", { Name: name, RestoreVersion: "8" });
    expect(firstFaultStatus(sb)).toBe("active");
    await applyThenWait(sb, "ssm-parameter-revert", { Name: name, RestoreVersion: "7" });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect((await sb.ports.resources.describe(name))?.attributes.version).toBe("10");
  });
});

describe("AppConfig rollbacks", () => {
  const base = {
    ApplicationId: "shop",
    EnvironmentId: "prod",
    ConfigurationProfileId: "checkout-flags",
    DeploymentStrategyId: "AppConfig.AllAtOnce",
  };

  it("a flag in an outside console has no AppConfig version to roll back", async () => {
    const sb = sandboxAtAlarm(bundledScenario("feature-flag-decoy-deploy"));
    const execution = await runAction(sb, "appconfig-rollback-configuration", {
      ...base,
      ConfigurationVersion: "3",
    });
    expect(execution.status).toBe("Failed");
    sb.advance(10);
    expect(firstFaultStatus(sb)).toBe("active");
  });

  it("redeploying the version with the flag on heals nothing; the one before does", async () => {
    const sb = sandboxAtAlarm(bundledScenario("feature-flag-appconfig"));
    await applyThenWait(sb, "appconfig-rollback-configuration", { ...base, ConfigurationVersion: "4" });
    expect(firstFaultStatus(sb)).toBe("active");
    await applyThenWait(sb, "appconfig-rollback-configuration", { ...base, ConfigurationVersion: "3" });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "checkout-alb-5xx-high")).toBe("OK");
  });
});

describe("the right action heals the same fault", () => {
  it("raising the reservation within headroom ends Lambda throttling", async () => {
    const sb = sandboxAtAlarm(withFaultParams("lambda-throttling", { factor: 4 }));
    await applyThenWait(
      sb,
      "lambda-set-reserved-concurrency",
      {
        FunctionName: "thumbnails-generator",
        ReservedConcurrentExecutions: 50,
      },
      3,
    );
    // Demand at 4× is 600×4×2s/60s = 80 concurrent: 50 halves the throttling but does not end it.
    expect(firstFaultStatus(sb)).toBe("active");
    await applyThenWait(sb, "lambda-set-reserved-concurrency", {
      FunctionName: "thumbnails-generator",
      ReservedConcurrentExecutions: 100,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "thumbnails-generator-throttles")).toBe("OK");
  });

  it("concurrency 0 breaks a recursive loop", async () => {
    const sb = sandboxAtAlarm(bundledScenario("recursive-lambda-loop"));
    await applyThenWait(sb, "lambda-stop-recursive-loop", {
      FunctionName: "image-resizer",
      ReservedConcurrentExecutions: 0,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "image-resizer-invocations-high")).toBe("OK");
  });

  it("on-demand ends capacity throttling", async () => {
    const sb = sandboxAtAlarm(bundledScenario("dynamodb-throttling"));
    await applyThenWait(sb, "dynamodb-switch-to-on-demand", {
      TableName: "products",
      BillingMode: "PAY_PER_REQUEST",
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "products-write-throttles")).toBe("OK");
  });

  it("a bigger volume ends data growth pressure", async () => {
    const sb = sandboxAtAlarm(bundledScenario("disk-full-data-growth"));
    const id = "i-0e1d2c3b4a5968778";
    const instance = await sb.ports.resources.describe(id);
    await applyThenWait(sb, "ebs-extend-volume", {
      InstanceId: id,
      VolumeId: String(instance?.attributes.rootVolumeId),
      SizeGib: "300",
      MountPoint: "/",
      KeepSnapshot: true,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "indexer-root-disk-high")).toBe("OK");
  });
});
