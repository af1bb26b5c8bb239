/**
 * The deployed worker bundle (esbuild, the stack's settings) invoked with Lambda-shaped SQS events from the
 * in-process FIFO queue, on dynalite, every other AWS service down: a poison message ends in the DLQ with
 * the alarm's condition met; an incident whose AWS calls keep failing is escalated with the reason on the
 * command's last receive, not dead-lettered.
 */
import { describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { loadScenario } from "../scenario/index.js";
import { runWorkerBundleCases } from "./bundle-worker.js";

describe("the worker bundle over the in-process SQS FIFO queue", () => {
  it("dead-letters a poison message and escalates an incident whose AWS outage outlasts every retry", async () => {
    const scenario = await loadScenario(
      new URL("../scenarios/disk-full-logs.yaml", import.meta.url).pathname,
    );
    const run = await runWorkerBundleCases({ scenario, retriever: await createRetriever() });
    expect(run.cases.filter((c) => !c.ok).map((c) => `${c.case}: ${c.problems.join("; ")}`)).toEqual([]);
    const [poison, outage] = run.cases;
    expect(poison?.deadLettered).toBe(1);
    expect(poison?.dlqAlarm).toBe(true);
    expect(outage?.status).toBe("escalated");
    expect(outage?.statusReason).toMatch(
      /AWS kept failing after 5 deliveries of the start command: .*(503|Unavailable)/i,
    );
    expect(outage?.invocations).toBe(5);
    expect(outage?.refusedAwsRequests).toBeGreaterThan(0);
    expect(outage?.deadLettered).toBe(0);
  }, 60_000);
});
