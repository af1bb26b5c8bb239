/**
 * Queue alarms read through the queue's consumer (metrics and declared relations only): a Lambda consumer
 * throttled at its reservation, a CPU-bound worker fleet, or a consumer changed just before the backlog. And
 * the cases where none applies (a poison message) stay the queue's own problem. Each positive case was
 * triaged "availability" with the queue as the only suspect before, which sent the plan to the poison-message
 * runbook (moving good messages to the DLQ).
 */
import { describe, expect, it } from "vitest";
import { worldAtAlarm } from "../shared/test-support.js";
import { triageByRules } from "./rules.js";

async function triage(name: string) {
  const { ports, incident } = await worldAtAlarm(name);
  return triageByRules(ports, incident);
}

describe("a queue alarm explained by its consumer", () => {
  it("a dead-letter queue filling behind a Lambda consumer throttled at its reservation is throttling", async () => {
    const t = await triage("lambda-queue-throttled-dlq-redrive");
    expect(t.category).toBe("throttling");
    expect(t.suspectedResources.slice(0, 2)).toEqual(["payment-webhooks:live", "payment-webhooks-in"]);
    expect(t.specificFinding).toMatch(/reserved concurrency of 20 .*land in payment-webhooks-dlq/);
  });

  it("a queue aging while every instance of its worker fleet is CPU-bound is capacity", async () => {
    const t = await triage("queue-burst-asg-workers");
    expect(t.isIncident).toBe(true);
    expect(t.category).toBe("capacity");
    expect(t.suspectedResources[0]).toBe("ingest-workers-asg");
  });

  it("a queue that stopped draining right after its consumer's release blames the release", async () => {
    const t = await triage("ecs-queue-worker-bad-deploy");
    expect(t.category).toBe("deployment");
    expect(t.recentChanges).toHaveLength(1);
    expect(t.suspectedResources).toContain("workers/order-worker");
  });

  it.each([
    "poison-message-with-dlq",
    "poison-message-backlog-depth",
    "poison-message-after-consumer-deploy",
  ])(
    "%s: a poison message stays the queue's problem (consumer neither throttled, saturated nor just changed)",
    async (name) => {
      const t = await triage(name);
      expect(t.category).toBe("availability");
      expect(t.recentChanges).toEqual([]);
    },
  );
});

describe("errors explained by a throttled function of the service", () => {
  it("a 5XX alarm while the service's function throttles at its reservation is throttling, not the older deploy", async () => {
    const t = await triage("lambda-throttling-seen-as-5xx");
    expect(t.category).toBe("throttling");
    expect(t.suspectedResources[0]).toBe("price-rules:live");
    expect(t.recentChanges).toEqual([]);
  });
});
