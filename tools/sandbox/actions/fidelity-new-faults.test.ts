/**
 * Sandbox fidelity for the faults whose right fix is task replacement, a task count, a provisioned-capacity
 * raise, a reservation removal, a database reboot or a DLQ redrive: the tempting wrong action leaves each
 * fault active (and its alarm in ALARM), and the right one, with the right scope, heals it.
 */
import type { Sandbox, Scenario } from "../index.js";
import {
  alarmState,
  applyThenWait,
  bundledScenario,
  firstFaultStatus,
  sandboxAtAlarm,
} from "../test-support.js";

const apply = (sb: Sandbox, actionId: string, params: Record<string, unknown>, minutes = 10) =>
  applyThenWait(sb, actionId, params, minutes, true);

describe("stale tasks after a Redis failover", () => {
  const scenario = "ecs-stale-connections-after-failover";
  it("adding tasks leaves the stale ones serving: not healed", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "ecs-set-desired-count", { cluster: "prod", service: "cart", desiredCount: 12 });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "cart-alb-5xx-high")).toBe("ALARM");
  });
  it("forcing a new deployment of another service does not touch cart's tasks", async () => {
    const scenarioWithTwo = structuredClone(bundledScenario(scenario));
    scenarioWithTwo.environment.resources.push({
      ...(scenarioWithTwo.environment.resources[0] as Extract<
        Scenario["environment"]["resources"][number],
        { type: "ecs-service" }
      >),
      serviceName: "cart-worker",
      targetGroup: "targetgroup/cart-worker-tg/0a1b2c3d4e5f6a7b",
    });
    const sb = sandboxAtAlarm(scenarioWithTwo);
    await apply(sb, "ecs-force-new-deployment", {
      cluster: "prod",
      service: "cart-worker",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("active");
  });
  it("replacing every task heals it", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "ecs-force-new-deployment", {
      cluster: "prod",
      service: "cart",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
  });
});

describe("an ECS service saturated by demand", () => {
  const scenario = "ecs-service-saturated";
  const ecs = { cluster: "prod", service: "storefront-search" };
  it("replacing the same number of tasks is not healed", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "ecs-force-new-deployment", { ...ecs, forceNewDeployment: true });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "storefront-search-cpu-high")).toBe("ALARM");
  });
  it("one more task is too few; doubling heals it", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "ecs-set-desired-count", { ...ecs, desiredCount: 5 });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "ecs-set-desired-count", { ...ecs, desiredCount: 8 });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "storefront-search-cpu-high")).toBe("OK");
  });
});

describe("an auto-scaled table at its maximum", () => {
  const scenario = "dynamodb-autoscaling-at-max";
  it("a raise below the demand is not healed; doubling is", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "dynamodb-set-provisioned-capacity", {
      TableName: "loyalty-points",
      ReadCapacityUnits: 400,
      WriteCapacityUnits: 360,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "dynamodb-set-provisioned-capacity", {
      TableName: "loyalty-points",
      ReadCapacityUnits: 800,
      WriteCapacityUnits: 600,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
  });
});

describe("a reservation left at 0", () => {
  const scenario = "lambda-reservation-zeroed";
  it("rolling the alias back keeps the reservation: not healed", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "lambda-rollback-alias", {
      functionName: "quote-calculator",
      alias: "live",
      version: "26",
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "quote-calculator-throttles")).toBe("ALARM");
  });
  it("a reservation of 2 is still below the ordinary load of 6; removing it heals", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "lambda-set-reserved-concurrency", {
      FunctionName: "quote-calculator",
      ReservedConcurrentExecutions: 2,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "lambda-remove-reserved-concurrency", { FunctionName: "quote-calculator" });
    expect(firstFaultStatus(sb)).toBe("resolved");
  });
});

describe("a hung database primary", () => {
  const scenario = "rds-primary-hung";
  it("replacing the callers' tasks does not revive the database", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "ecs-force-new-deployment", {
      cluster: "prod",
      service: "ledger",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "ledger-db-connections-collapsed")).toBe("ALARM");
  });
  it("a reboot heals it and connections come back", async () => {
    const sb = sandboxAtAlarm(scenario);
    await apply(sb, "rds-reboot-instance", { InstanceId: "ledger-db" });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "ledger-db-connections-collapsed")).toBe("OK");
  });
});

describe("a DLQ backlog", () => {
  const redrive = {
    SourceQueueName: "payment-events",
    DeadLetterQueueName: "payment-events-dlq",
    MaxNumberOfMessagesPerSecond: 10,
  };
  it("moving 'poison' aside does not empty the DLQ", async () => {
    const sb = sandboxAtAlarm("dlq-backlog-after-consumer-outage");
    await apply(sb, "sqs-move-poison-messages", {
      QueueName: "payment-events",
      DeadLetterQueueName: "payment-events-dlq",
      maxReceiveCount: 3,
    });
    expect(firstFaultStatus(sb)).toBe("active");
  });
  it("a redrive while the consumer still fails sends the messages back: not healed", async () => {
    const sb = sandboxAtAlarm("dlq-backlog-consumer-still-failing");
    await apply(sb, "sqs-redrive-dead-letter-queue", redrive);
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "payment-events-dlq-unattended")).toBe("ALARM");
  });
  it("a redrive once the consumer is healthy heals it", async () => {
    const sb = sandboxAtAlarm("dlq-backlog-after-consumer-outage");
    await apply(sb, "sqs-redrive-dead-letter-queue", redrive);
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "payment-events-dlq-unattended")).toBe("OK");
  });
});
