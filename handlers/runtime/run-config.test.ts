import { fakeModel } from "@langchain/core/testing";
import { MemorySaver } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { loadScenario } from "../../tools/sandbox/index.js";
import { driveIncident } from "./drive.js";
import { prepareSimulatedRun } from "./local.js";

let retriever: RunbookRetriever;
beforeAll(async () => {
  retriever = await createRetriever();
}, 60_000);

async function run(configurable: Record<string, unknown>, modelIds: string[] = []) {
  const scenario = await loadScenario(
    new URL("../../evals/scenarios/disk-full-logs.yaml", import.meta.url).pathname,
  );
  const prepared = prepareSimulatedRun(scenario, {
    retriever,
    checkpointer: new MemorySaver(),
    modelFor: (id) => {
      modelIds.push(id);
      return fakeModel().alwaysThrow(new Error("no network"));
    },
  });
  if (!prepared.incident) throw new Error("no alarm");
  return driveIncident(
    prepared.graph,
    prepared.incident.id,
    { incident: prepared.incident },
    { configurable },
  );
}

describe("the graph reads its per-run settings from config.configurable", () => {
  it("a thread's step budget overrides the default", async () => {
    const { state } = await run({ stepBudget: 2 });
    expect(state.outcome).toBe("escalated");
    expect(state.route?.reason).toMatch(/step budget of 2/);
  });

  it("a thread's model id switches the agents to that model (and back to rules when it fails)", async () => {
    const ids: string[] = [];
    const { state } = await run({ modelId: "us.anthropic.test-model" }, ids);
    expect(ids).toContain("us.anthropic.test-model");
    const triage = state.timeline.find((t) => t.node === "triage");
    expect(triage?.modelFallback?.kind).toBe("unreachable");
    expect(state.outcome).toBe("resolved-automatically");
  });
});
