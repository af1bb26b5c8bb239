/**
 * Redelivery semantics (issue #19, item 1): the worker continues any thread with work left and no pending
 * interrupt. A run killed at any node, in the start or in the resume after sign-off, and then handed the
 * same message again (SQS redelivery) or a `continue`, finishes the incident exactly once.
 */
import { MemorySaver } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { loadScenario, type Scenario } from "../scenario/index.js";
import { type ObservedRun, runWithCrash } from "./crash-run.js";

let retriever: RunbookRetriever;
const scenarios: Record<string, Scenario> = {};
beforeAll(async () => {
  retriever = await createRetriever();
  for (const name of ["bad-ecs-deploy", "disk-full-logs"])
    scenarios[name] = await loadScenario(new URL(`../scenarios/${name}.yaml`, import.meta.url).pathname);
});

/**
 * One crash point per node: inside every side-effecting call (before it, and after it but before the
 * checkpoint), and right after each node's writes are durable (one per distinct set of written channels).
 */
function pointsPerNode(ref: ObservedRun): number[] {
  const seen = new Set<string>();
  return ref.points
    .filter((p) => {
      if (p.phase !== "after-checkpoint") return true;
      if (!p.at.startsWith("checkpoint.putWrites") || seen.has(p.at)) return false;
      seen.add(p.at);
      return true;
    })
    .map((p) => p.index);
}

describe("redelivery after a crash at each node", () => {
  it.each([
    ["bad-ecs-deploy", "redeliver"],
    ["disk-full-logs", "continue"],
  ] as const)(
    "%s, then a %s: the incident ends once, with the uninterrupted run's outcome and side effects",
    async (name, afterCrash) => {
      const scenario = scenarios[name]!;
      const saver = new MemorySaver();
      const ctx = { saver: () => saver, retriever, afterCrash };
      const ref = await runWithCrash(scenario, ctx, undefined, `${afterCrash}-ref`);
      expect(ref.finished).toBe(true);
      const commands = new Set<string>();
      for (const target of pointsPerNode(ref)) {
        const run = await runWithCrash(scenario, ctx, target, `${afterCrash}-${target}`);
        const where = `crash at ${JSON.stringify(run.crash)}`;
        commands.add(run.failedDeliveries[0]?.split(":")[0] ?? "");
        expect(run.crash, where).toBeDefined();
        expect(run.finished, where).toBe(true);
        expect(run.outcome, where).toBe(ref.outcome);
        expect(run.effects, where).toEqual(ref.effects);
        expect(run.chainIntact, where).toBe(true);
      }
      // Crashes hit the start, the wake-ups and, where the incident waits for sign-off, the resume.
      expect(commands).toContain("start");
      expect(commands).toContain("wake");
      if (name === "bad-ecs-deploy") expect(commands).toContain("resume");
    },
    120_000,
  );
});
