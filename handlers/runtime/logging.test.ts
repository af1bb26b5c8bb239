import { MemorySaver } from "@langchain/langgraph";
import { describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { createConsoleLogger } from "../../tools/logger.js";
import { loadScenario } from "../../tools/sandbox/index.js";
import { driveIncident } from "./drive.js";
import { prepareSimulatedRun } from "./local.js";

describe("structured logs from the graph", () => {
  it("carry the incident id and the node name on every line", async () => {
    const scenario = await loadScenario(
      new URL("../../evals/scenarios/disk-full-logs.yaml", import.meta.url).pathname,
    );
    const lines: Record<string, unknown>[] = [];
    const logger = createConsoleLogger({ level: "debug", write: (l) => lines.push(JSON.parse(l)) });
    const run = prepareSimulatedRun(scenario, {
      retriever: await createRetriever(),
      checkpointer: new MemorySaver(),
      logger,
    });
    if (!run.incident) throw new Error("no alarm");
    await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) {
      expect(line.incidentId).toBe(run.incident.id);
      expect(typeof line.node).toBe("string");
    }
    const nodes = new Set(lines.map((l) => l.node));
    for (const node of ["supervisor", "triage", "safety-gate", "execute", "verify", "report"])
      expect(nodes).toContain(node);
  });
});
