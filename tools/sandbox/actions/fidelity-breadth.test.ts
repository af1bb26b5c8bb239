/**
 * Sandbox fidelity for the breadth faults: each is hit with the tempting wrong remedy (nothing heals, the
 * alarm stays in ALARM) and with the right one (it heals). The staged case needs both stages, in order: the
 * redrive alone sends the messages round the same throttled consumer.
 */
import type { Sandbox } from "../index.js";
import {
  alarmState,
  applyThenWait,
  firstFaultStatus,
  latestMetric,
  sandboxAtAlarm,
} from "../test-support.js";

const apply = (sb: Sandbox, actionId: string, params: Record<string, unknown>, minutes = 10) =>
  applyThenWait(sb, actionId, params, minutes, true);

describe("sqs-consumer-throttled: raise the reservation, then redrive", () => {
  const redrive = {
    SourceQueueName: "payment-webhooks-in",
    DeadLetterQueueName: "payment-webhooks-dlq",
    MaxNumberOfMessagesPerSecond: 10,
  };
  it("a redrive alone does not heal: the consumer is still throttled", async () => {
    const sb = sandboxAtAlarm("lambda-queue-throttled-dlq-redrive");
    await apply(sb, "sqs-redrive-dead-letter-queue", redrive);
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "payment-webhooks-dlq-not-empty")).toBe("ALARM");
  });
  it("the reservation alone stops new dead-lettering but leaves the DLQ full", async () => {
    const sb = sandboxAtAlarm("lambda-queue-throttled-dlq-redrive");
    await apply(sb, "lambda-set-reserved-concurrency", {
      FunctionName: "payment-webhooks",
      ReservedConcurrentExecutions: 40,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "payment-webhooks-dlq-not-empty")).toBe("ALARM");
  });
  it("both stages in order heal it", async () => {
    const sb = sandboxAtAlarm("lambda-queue-throttled-dlq-redrive");
    await apply(sb, "lambda-set-reserved-concurrency", {
      FunctionName: "payment-webhooks",
      ReservedConcurrentExecutions: 40,
    });
    await apply(sb, "sqs-redrive-dead-letter-queue", redrive);
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "payment-webhooks-dlq-not-empty")).toBe("OK");
  });
});

describe("ecs-memory-leak: fresh tasks, not more of them", () => {
  it("a higher desired count dilutes the average for a while, but the old tasks keep leaking", async () => {
    const sb = sandboxAtAlarm("ecs-task-memory-leak");
    await apply(
      sb,
      "ecs-set-desired-count",
      {
        cluster: "prod",
        service: "recommendations",
        desiredCount: 6,
      },
      30,
    );
    // The four old tasks still hold their leaked heap: the service stays far above its 48 % baseline.
    expect(firstFaultStatus(sb)).toBe("active");
    const dims = { ClusterName: "prod", ServiceName: "recommendations" };
    expect(await latestMetric(sb, "AWS/ECS", "MemoryUtilization", dims)).toBeGreaterThan(75);
  });
  it("a forced new deployment heals it", async () => {
    const sb = sandboxAtAlarm("ecs-task-memory-leak");
    await apply(sb, "ecs-force-new-deployment", {
      cluster: "prod",
      service: "recommendations",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "recommendations-memory-high")).toBe("OK");
  });
});

describe("pool-size-parameter: the value lives in Parameter Store", () => {
  it("more instances open more small pools and stay slow", async () => {
    const sb = sandboxAtAlarm("parameter-store-pool-size-asg");
    await apply(sb, "asg-set-desired-capacity", {
      AutoScalingGroupName: "ledger-api-asg",
      DesiredCapacity: 8,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "ledger-api-latency")).toBe("ALARM");
  });
  it("reverting the parameter heals it", async () => {
    const sb = sandboxAtAlarm("parameter-store-pool-size-asg");
    await apply(sb, "ssm-parameter-revert", { Name: "/prod/ledger-api/db-pool-size", RestoreVersion: "15" });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "ledger-api-latency")).toBe("OK");
  });
});

describe("queue-worker-bad-deploy: the revision, not the tasks or the messages", () => {
  it("fresh tasks of the same revision fail the same way", async () => {
    const sb = sandboxAtAlarm("ecs-queue-worker-bad-deploy");
    await apply(sb, "ecs-force-new-deployment", {
      cluster: "workers",
      service: "order-worker",
      forceNewDeployment: true,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "order-events-oldest-message-age")).toBe("ALARM");
  });
  it("moving failing messages aside does not make the worker decode them", async () => {
    const sb = sandboxAtAlarm("ecs-queue-worker-bad-deploy");
    await apply(sb, "sqs-move-poison-messages", {
      QueueName: "order-events",
      DeadLetterQueueName: "order-events-dlq",
      maxReceiveCount: 3,
    });
    expect(firstFaultStatus(sb)).toBe("active");
  });
  it("rolling back to the previous revision heals it", async () => {
    const sb = sandboxAtAlarm("ecs-queue-worker-bad-deploy");
    await apply(sb, "ecs-rollback-service", {
      cluster: "workers",
      service: "order-worker",
      taskDefinition: "order-worker:18",
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "order-events-oldest-message-age")).toBe("OK");
  });
});

describe("queue-burst-asg-workers: capacity, not the messages", () => {
  it("moving messages aside leaves the fleet short", async () => {
    const sb = sandboxAtAlarm("queue-burst-asg-workers");
    await apply(sb, "sqs-move-poison-messages", {
      QueueName: "ingest-events",
      DeadLetterQueueName: "ingest-events-dlq",
      maxReceiveCount: 3,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    expect(await alarmState(sb, "ingest-events-oldest-message-age")).toBe("ALARM");
  });
  it("one more instance is not enough; doubling the fleet heals it", async () => {
    const sb = sandboxAtAlarm("queue-burst-asg-workers");
    await apply(sb, "asg-set-desired-capacity", {
      AutoScalingGroupName: "ingest-workers-asg",
      DesiredCapacity: 5,
    });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "asg-set-desired-capacity", {
      AutoScalingGroupName: "ingest-workers-asg",
      DesiredCapacity: 8,
    });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "ingest-events-oldest-message-age")).toBe("OK");
  });
});

describe("disk-full-logs with failing writes: the 5XX ends with the cleanup", () => {
  it("a restart frees nothing; the cleanup heals it", async () => {
    const sb = sandboxAtAlarm("disk-full-seen-as-errors");
    await apply(sb, "ec2-restart-instance", { InstanceId: "i-0a9d8c7b6e5f40312" });
    expect(firstFaultStatus(sb)).toBe("active");
    await apply(sb, "ec2-cleanup-rotated-logs", { InstanceId: "i-0a9d8c7b6e5f40312" });
    expect(firstFaultStatus(sb)).toBe("resolved");
    expect(await alarmState(sb, "exports-5xx")).toBe("OK");
  });
});
