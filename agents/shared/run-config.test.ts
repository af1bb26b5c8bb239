import { fakeModel } from "@langchain/core/testing";
import { describe, expect, it } from "vitest";
import type { AgentContext } from "./context.js";
import { contextForRun, reasonerForRun, runSettings } from "./run-config.js";

const base = { ports: {}, retriever: {} } as unknown as AgentContext;

describe("per-run configuration", () => {
  it("reads model id, step budget and tool rounds from config.configurable, ignoring other keys", () => {
    expect(
      runSettings({ configurable: { thread_id: "t", modelId: "m", stepBudget: "5", maxToolRounds: 2 } }),
    ).toEqual({ modelId: "m", stepBudget: 5, maxToolRounds: 2 });
    expect(runSettings(undefined)).toEqual({});
    expect(() => runSettings({ configurable: { stepBudget: -1 } })).toThrow(
      /configurable.stepBudget is invalid/,
    );
  });

  it("keeps the graph's reasoner when the run names nothing", () => {
    const ctx = { ...base, reasoner: { mode: "rules" as const } };
    expect(contextForRun(ctx, { configurable: { thread_id: "t" } })).toBe(ctx);
  });

  it("builds the named model with the factory, and `rules` forces rules mode", () => {
    const built: string[] = [];
    const ctx: AgentContext = {
      ...base,
      reasoner: { mode: "rules" },
      modelFor: (id) => {
        built.push(id);
        return fakeModel();
      },
    };
    const reasoner = reasonerForRun(ctx, { modelId: "us.anthropic.claude", maxToolRounds: 3 });
    expect(reasoner).toMatchObject({ mode: "model", modelId: "us.anthropic.claude", maxToolRounds: 3 });
    expect(built).toEqual(["us.anthropic.claude"]);
    const modelCtx: AgentContext = { ...base, reasoner: { mode: "model", model: fakeModel(), modelId: "a" } };
    expect(reasonerForRun(modelCtx, { modelId: "rules" })).toEqual({ mode: "rules" });
    expect(reasonerForRun(modelCtx, { modelId: "a" })).toBe(modelCtx.reasoner);
  });

  it("says so when a run names a model the entry point cannot build", () => {
    expect(() => reasonerForRun({ ...base, reasoner: { mode: "rules" } }, { modelId: "x" })).toThrow(
      /cannot build models/,
    );
  });
});
