import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { MemorySaver } from "@langchain/langgraph";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { loadScenario } from "../../tools/sandbox/index.js";
import { playScenario } from "./play.js";
import { createModelWarning } from "./render/model-warning.js";

let retriever: RunbookRetriever;
let dir: string;
beforeAll(async () => {
  retriever = await createRetriever();
  dir = await mkdtemp(join(tmpdir(), "air-play-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A configured model every call to which fails the way an unreachable Bedrock endpoint does. */
function unreachableModel(): BaseChatModel {
  const fail = async () => {
    throw Object.assign(new Error("getaddrinfo ENOTFOUND bedrock-runtime.us-east-1.amazonaws.com"), {
      name: "Error",
    });
  };
  const runnable = { invoke: fail };
  return { bindTools: () => runnable, withStructuredOutput: () => runnable } as unknown as BaseChatModel;
}

describe("a configured model that cannot be reached", () => {
  it("prints one warning, and the report says the rules decided each step", async () => {
    const scenario = await loadScenario(
      new URL("../../evals/scenarios/disk-full-logs.yaml", import.meta.url).pathname,
    );
    let text = "";
    const write = (chunk: string) => {
      text += chunk;
      return true;
    };
    const plain = (_: unknown, t: string) => t;
    const result = await playScenario(scenario, {
      retriever,
      reasoner: { mode: "model", model: unreachableModel(), modelId: "us.anthropic.fake" },
      checkpointer: new MemorySaver(),
      outcomes: new MemoryOutcomes(),
      reportsDir: dir,
      style: plain,
      verbose: false,
      onModelUnreachable: createModelWarning(plain, write),
      out: { write } as unknown as NodeJS.WriteStream,
    });
    expect(text.match(/model unreachable: decisions below are made by the rules/g)).toHaveLength(1);
    expect(text.indexOf("model unreachable")).toBeLessThan(text.indexOf("triage"));
    expect(result.state?.cost.modelCalls).toBe(0);
    const report = await readFile(result.state?.reportLocation?.replace(/^file:\/\//, "") ?? "", "utf8");
    expect(report).toContain("| Decided by |");
    expect(report).toMatch(/\| triage \| rules \(model unreachable\) \|/);
    expect(report).toMatch(
      /Reasoning \| rules for \d+ step\(s\) because the model was unreachable \(no step decided by the model\)/,
    );
  });
});
