/**
 * The pre-checks of task replacement, task count, reservation removal, database reboot, DLQ redrive and
 * moving messages aside, each on the scenario where the action is right and on one where it is tempting but
 * wrong. They read only metrics and the change feed at alarm time, never the scenario's wording.
 */
import { describe, expect, it } from "vitest";
import { worldAtAlarm } from "../shared/test-support.js";
import { preCheck } from "./pre-checks.js";

async function check(scenario: string, actionId: string, resourceId: string) {
  const { ports } = await worldAtAlarm(scenario);
  const target = await ports.resources.describe(resourceId);
  if (!target) throw new Error(`${resourceId} not found in ${scenario}`);
  return preCheck(ports, actionId, target);
}

describe("ecs-force-new-deployment: fresh tasks must not bring back what is failing", () => {
  it("fits tasks that went stale after a failover (the revision served for hours)", async () => {
    expect(await check("ecs-stale-connections-after-failover", "ecs-force-new-deployment", "prod/cart")).toBe(
      undefined,
    );
  });
  it("refuses right after a new revision: new tasks run the same bad release", async () => {
    expect(await check("bad-ecs-deploy", "ecs-force-new-deployment", "prod/checkout")).toMatch(
      /moved to checkout:42 .*same revision/,
    );
  });
  it("refuses when new tasks already fail to start", async () => {
    const { ports } = await worldAtAlarm("ecs-missing-image");
    const [ecs] = (await ports.resources.listByService("orders")).filter((r) => r.type === "ecs-service");
    if (!ecs) throw new Error("no ECS service");
    expect(await preCheck(ports, "ecs-force-new-deployment", ecs)).toMatch(/fail to start|same revision/);
  });
});

describe("ecs-set-desired-count: more tasks only for busy tasks", () => {
  it("fits tasks saturated by demand", async () => {
    expect(await check("ecs-service-saturated", "ecs-set-desired-count", "prod/storefront-search")).toBe(
      undefined,
    );
  });
  it("refuses while the tasks wait on a full database", async () => {
    expect(
      await check("ecs-latency-db-connections-exhausted", "ecs-set-desired-count", "prod/orders"),
    ).toMatch(/not what is short/);
  });
});

describe("lambda-remove-reserved-concurrency: only a reservation a recent edit set", () => {
  it("fits a reservation set to 0 by a console edit this morning", async () => {
    expect(
      await check("lambda-reservation-zeroed", "lambda-remove-reserved-concurrency", "quote-calculator:live"),
    ).toBe(undefined);
  });
  it("refuses a standing reservation (it may protect a downstream)", async () => {
    expect(
      await check(
        "lambda-throttling-no-headroom",
        "lambda-remove-reserved-concurrency",
        "thumbnails-generator:live",
      ),
    ).toMatch(/standing reservation is deliberate/);
  });
});

describe("rds-reboot-instance: only an engine that does no work", () => {
  it("fits a primary with no connections and no CPU", async () => {
    expect(await check("rds-primary-hung", "rds-reboot-instance", "ledger-db")).toBe(undefined);
  });
  it.each([
    ["slow-query", "orders-db"],
    ["db-connection-exhaustion", "orders-db"],
    ["ecs-latency-db-connections-exhausted", "orders-db"],
  ])("refuses a busy database (%s)", async (scenario, db) => {
    expect(await check(scenario, "rds-reboot-instance", db)).toMatch(/is working/);
  });
});

describe("sqs-redrive-dead-letter-queue: only into a consumer that succeeds now", () => {
  it("fits once the consumer has processed without errors for 15 minutes", async () => {
    expect(
      await check("dlq-backlog-after-consumer-outage", "sqs-redrive-dead-letter-queue", "payment-events"),
    ).toBe(undefined);
  });
  it("refuses while the consumer still fails", async () => {
    expect(
      await check("dlq-backlog-consumer-still-failing", "sqs-redrive-dead-letter-queue", "payment-events"),
    ).toMatch(/would fail again/);
  });
});

describe("sqs-move-poison-messages: only for a stuck source queue", () => {
  it("fits a queue whose oldest message keeps ageing", async () => {
    expect(await check("poison-message-with-dlq", "sqs-move-poison-messages", "fulfilment-orders")).toBe(
      undefined,
    );
  });
  it("refuses a queue that drains (the messages are only in its DLQ)", async () => {
    expect(
      await check("dlq-backlog-after-consumer-outage", "sqs-move-poison-messages", "payment-events"),
    ).toMatch(/drains normally/);
  });
});
