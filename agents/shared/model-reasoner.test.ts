import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { tool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ReasonerOutputError, runModelReasoner } from "./model-reasoner.js";
import { runReasoner } from "./run-reasoner.js";

const Answer = z.object({ category: z.enum(["disk", "memory"]), confidenceWords: z.string() });

function diskTool(calls: string[]) {
  return tool(
    async ({ instance }) => {
      calls.push(instance);
      return JSON.stringify({ disk_used_percent: 96 });
    },
    { name: "get_disk", description: "disk usage", schema: z.object({ instance: z.string() }) },
  );
}

describe("model reasoner", () => {
  it("runs scripted tool calls, then returns the validated structured answer", async () => {
    const calls: string[] = [];
    const model = fakeModel()
      .respondWithTools([{ name: "get_disk", args: { instance: "i-0abc12345678" } }])
      .respond(new AIMessage("The disk is full."))
      .structuredResponse({ category: "disk", confidenceWords: "high" });
    const result = await runModelReasoner({
      model,
      tools: [diskTool(calls)],
      schema: Answer,
      system: "s",
      user: "u",
    });
    expect(calls).toEqual(["i-0abc12345678"]);
    expect(result.toolCalls).toEqual(["get_disk"]);
    expect(result.output).toEqual({ category: "disk", confidenceWords: "high" });
    expect(result.usage.modelCalls).toBe(3);
    // The tool result went back to the model as a tool message.
    const second = model.calls[1]!.messages;
    expect(second.at(-1)?.getType()).toBe("tool");
  });

  it("tells the model about a tool that does not exist instead of crashing", async () => {
    const model = fakeModel()
      .respondWithTools([{ name: "terminate_everything", args: {} }])
      .respond(new AIMessage("ok"))
      .structuredResponse({ category: "memory", confidenceWords: "low" });
    const result = await runModelReasoner({
      model,
      tools: [diskTool([])],
      schema: Answer,
      system: "s",
      user: "u",
    });
    expect(String(model.calls[1]!.messages.at(-1)?.content)).toMatch(/unknown tool "terminate_everything"/);
    expect(result.output.category).toBe("memory");
  });

  it("rejects a structured answer that does not fit the schema", async () => {
    const model = fakeModel().respond(new AIMessage("hm")).structuredResponse({ category: "banana" });
    await expect(
      runModelReasoner({ model, tools: [], schema: Answer, system: "s", user: "u" }),
    ).rejects.toBeInstanceOf(ReasonerOutputError);
  });

  it("stops calling tools after the round budget", async () => {
    const calls: string[] = [];
    const model = fakeModel();
    for (let i = 0; i < 5; i++) model.respondWithTools([{ name: "get_disk", args: { instance: `i-${i}` } }]);
    model.structuredResponse({ category: "disk", confidenceWords: "x" });
    await runModelReasoner({
      model,
      tools: [diskTool(calls)],
      schema: Answer,
      system: "s",
      user: "u",
      maxToolRounds: 2,
    });
    expect(calls).toHaveLength(2);
  });
});

describe("reasoner selection", () => {
  it("falls back to the rules when the model answers garbage, and says why", async () => {
    const model = fakeModel().respond(new AIMessage("{{{")).structuredResponse({ nonsense: true });
    const run = await runReasoner(
      { mode: "model", model },
      async () => ({ category: "disk" as const, confidenceWords: "rules" }),
      (cfg) => runModelReasoner({ model: cfg.model, tools: [], schema: Answer, system: "s", user: "u" }),
    );
    expect(run.reasoner).toBe("rules");
    expect(run.output.confidenceWords).toBe("rules");
    expect(run.fallback?.kind).toBe("invalid-answer");
    expect(run.fallback?.reason).toMatch(/does not fit the schema/);
  });

  it("falls back when the model errors", async () => {
    const model = fakeModel().alwaysThrow(new Error("throttled"));
    const run = await runReasoner(
      { mode: "model", model },
      async () => ({ category: "memory" as const, confidenceWords: "rules" }),
      (cfg) => runModelReasoner({ model: cfg.model, tools: [], schema: Answer, system: "s", user: "u" }),
    );
    expect(run.reasoner).toBe("rules");
    expect(run.fallback).toEqual({ kind: "unreachable", reason: "throttled" });
  });

  it("uses only the rules in rules mode", async () => {
    const run = await runReasoner(
      { mode: "rules" },
      async () => 42,
      async () => {
        throw new Error("must not be called");
      },
    );
    expect(run).toMatchObject({ output: 42, reasoner: "rules" });
  });
});
