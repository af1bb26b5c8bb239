/**
 * The queue cases of `eval:chaos` (issue #14): the worker's Lambda handler fed Lambda-shaped SQS events from
 * an in-process FIFO queue (visibility timeout, receive count, DLQ after maxReceiveCount), checkpoints in
 * memory shared by every worker process. Each case ends with the incident finished exactly once, or the
 * poison in the DLQ with its alarm condition met, or the incident escalated with the persistent fault.
 */
import { MemorySaver } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { loadScenario, type Scenario } from "../scenario/index.js";
import { type QueueCaseResult, runQueueCases } from "./queue-cases.js";

let retriever: RunbookRetriever;
let scenarios: { any: Scenario; approval: Scenario };
beforeAll(async () => {
  retriever = await createRetriever();
  const load = (name: string) => loadScenario(new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname);
  scenarios = { any: await load("disk-full-logs"), approval: await load("bad-ecs-deploy") };
});

describe("queue and Lambda faults through the worker handler", () => {
  let results: QueueCaseResult[];
  beforeAll(async () => {
    const saver = new MemorySaver();
    results = await runQueueCases({ retriever, saver: () => saver, scenarios });
  }, 60_000);

  it("every case ends with the incident finished once (or dead-lettered / escalated as it should)", () => {
    const problems = results.filter((r) => !r.ok).map((r) => `${r.case}: ${r.problems.join("; ")}`);
    expect(problems).toEqual([]);
    expect(results.reduce((n, r) => n + r.duplicated + r.lost, 0)).toBe(0);
  });

  it("the faults really happened: redeliveries, a concurrent delivery, a kill, dead letters, an escalation", () => {
    const of = (prefix: string) => results.find((r) => r.case.startsWith(prefix))!;
    expect(of("redelivery").redeliveries).toBeGreaterThan(1);
    expect(of("delivery after").redeliveries).toBeGreaterThanOrEqual(1);
    expect(of("worker killed").run.crashed).toBe(true);
    expect(of("poison").run.dlqAlarm).toBe(true);
    expect(of("poison").run.deadLettered).toBe(2);
    const escalated = of("persistent");
    expect(escalated.run.status).toBe("escalated");
    expect(escalated.run.statusReason).toMatch(/after 5 deliveries .*failed 3 times in a row/);
    expect(escalated.run.dlqBodies).toEqual([]);
  });
});
