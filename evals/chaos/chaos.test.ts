/**
 * The quick subset of `eval:chaos` for `npm test`: crashes spread over one auto-fix scenario with the AWS
 * fault layer on in the simulated account's ports (checkpoints in memory, shared by the fresh graph
 * instances as the table would be). The full run (`npm run eval:chaos`) uses dynalite and more scenarios.
 */
import { MemorySaver } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { injectPortFaults } from "../../tools/faults/port-faults.js";
import { withRetries } from "../../tools/faults/retry.js";
import { FaultSchedule } from "../../tools/faults/schedule.js";
import { loadScenario } from "../scenario/index.js";
import { crashScenario } from "./crash-suite.js";

let retriever: RunbookRetriever;
beforeAll(async () => {
  retriever = await createRetriever();
});

describe("eval:chaos quick subset", () => {
  it("crashes across an auto-fix run under AWS faults: same outcome, no duplicate or lost side effect", async () => {
    const scenario = await loadScenario(
      new URL("../scenarios/disk-full-logs.yaml", import.meta.url).pathname,
    );
    const schedules: FaultSchedule[] = [];
    const result = await crashScenario(scenario, {
      stride: 6,
      concurrency: 2,
      clean: { saver: () => new MemorySaver(), retriever },
      faulted: () => {
        const saver = new MemorySaver();
        const schedule = new FaultSchedule(99, {
          throttling: 0.1,
          "server-error": 0.05,
          "timeout-after-send": 0.05,
        });
        schedules.push(schedule);
        return {
          saver: () => saver,
          retriever,
          decoratePorts: (ports) => {
            injectPortFaults(ports, schedule);
            withRetries(ports, { maxAttempts: 8, baseMs: 0, capMs: 0 });
          },
        };
      },
    });
    const problems = [result.faulted, ...result.verdicts].filter((v) => !v.ok);
    expect(problems).toEqual([]);
    expect(result.verdicts.length).toBeGreaterThanOrEqual(10);
    expect(schedules.reduce((n, s) => n + s.total, 0)).toBeGreaterThan(20);
  }, 60_000);
});
