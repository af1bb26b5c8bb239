/**
 * Acting blind: in a real account a parameter or flag may carry no record of which load balancer or function
 * reads it. Then nothing could show the revert worked, and a "not recovered" would undo a right fix. The gate
 * refuses such an action before it runs; nothing changes.
 */
import { MemorySaver } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import { unmeasurableSignal } from "../../graph/policy/evaluate.js";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { loadScenario } from "../../tools/sandbox/index.js";
import { driveIncident } from "./drive.js";
import { prepareSimulatedRun } from "./local.js";

let retriever: RunbookRetriever;
beforeAll(async () => {
  retriever = await createRetriever();
});

describe("an action whose success cannot be measured is not run", () => {
  it("names the missing dimension", () => {
    expect(
      unmeasurableSignal({
        namespace: "AWS/ApplicationELB",
        metric: "HTTPCode_Target_5XX_Count",
        dimensions: { TargetGroup: "" },
      }),
    ).toMatch(/needs TargetGroup/);
    expect(
      unmeasurableSignal({ namespace: "AWS/Lambda", metric: "Errors", dimensions: { FunctionName: "fn" } }),
    ).toBeUndefined();
  });

  it("a parameter revert with no known reader escalates instead of running", async () => {
    const scenario = loadScenario(
      new URL("../../evals/scenarios/config-change-parameter-store.yaml", import.meta.url).pathname,
    );
    const run = prepareSimulatedRun(scenario, { retriever, checkpointer: new MemorySaver() });
    if (!run.incident) throw new Error("no alarm");
    // As the AWS adapter describes a parameter nobody tagged: no target group, no reading function.
    const resources = run.ports.resources;
    const describe = resources.describe.bind(resources);
    resources.describe = async (id) => {
      const r = await describe(id);
      if (r?.type !== "ssm-parameter") return r;
      const { targetGroup: _tg, readerFunction: _fn, ...attributes } = r.attributes;
      return { ...r, attributes };
    };
    const { state } = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    expect(state.plan?.actionId).toBe("ssm-parameter-revert");
    expect(state.gate?.outcome).toBe("escalate");
    expect(state.gate?.reasons.join("\n")).toMatch(/could not be verified .* needs TargetGroup/);
    expect(run.sandbox.automationStarts.filter((s) => s.accepted)).toHaveLength(0);
  });
});
