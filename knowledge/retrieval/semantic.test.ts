import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BedrockRuntimeClient, InvokeModelCommand } from "@aws-sdk/client-bedrock-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunbookLibrary } from "../corpus/library.js";
import type { Runbook } from "../corpus/schema.js";
import { StaticSource } from "../corpus/sources/static.js";
import { HybridRetriever } from "./hybrid.js";
import { bedrockSemanticIndex, DEFAULT_EMBEDDING_MODEL } from "./semantic.js";

/** A toy embedding: one axis per topic word, so similarity is predictable. */
const AXES = [["disk"], ["memory"], ["certificate", "handshake"], ["payroll"]];
function embed(text: string): number[] {
  const lower = text.toLowerCase();
  return AXES.map((words) => (words.some((w) => lower.includes(w)) ? 1 : 0.01));
}

function runbook(id: string, title: string): Runbook {
  return {
    id,
    title,
    services: "*",
    category: "disk",
    signals: { alarms: [], logPatterns: [], resourceTypes: [] },
    actions: [],
    verification: "ok",
    tags: [],
    body: title,
    source: "organisation",
    origin: `test/${id}`,
  };
}

describe("semantic retrieval (Titan Text Embeddings v2, mocked InvokeModel)", () => {
  const bedrock = mockClient(BedrockRuntimeClient);
  let dir: string;
  let requests: { modelId?: string; inputText: string; dimensions?: number }[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "air-embed-"));
    requests = [];
    bedrock.reset();
    bedrock.on(InvokeModelCommand).callsFake((input: { modelId?: string; body: string }) => {
      const body = JSON.parse(input.body) as { inputText: string; dimensions?: number };
      requests.push({ modelId: input.modelId, ...body });
      return {
        body: new TextEncoder().encode(JSON.stringify({ embedding: embed(body.inputText) })),
        contentType: "application/json",
      };
    });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const index = (path = join(dir, "index.json")) =>
    bedrockSemanticIndex({ client: new BedrockRuntimeClient({ region: "us-east-1" }), path, maxRetries: 0 });

  it("embeds each runbook once, stores the index, and re-embeds only what changed", async () => {
    const first = index();
    expect(await first.sync([runbook("a", "Disk filling up"), runbook("b", "Memory growing")])).toBe(2);
    expect(requests[0]).toMatchObject({ modelId: DEFAULT_EMBEDDING_MODEL, dimensions: 512 });
    const stored = JSON.parse(await readFile(join(dir, "index.json"), "utf8"));
    expect(Object.keys(stored.entries)).toEqual(["a", "b"]);

    // A new process: the stored vectors are reused; only the edited runbook is embedded again.
    requests = [];
    const second = index();
    expect(await second.sync([runbook("a", "Disk filling up"), runbook("b", "Memory leak on hosts")])).toBe(
      1,
    );
    expect(requests.map((r) => r.inputText)).toEqual([expect.stringContaining("Memory leak on hosts")]);
    expect(await second.sync([runbook("a", "Disk filling up")])).toBe(0);
    expect(second.size).toBe(1);
  });

  it("ranks by cosine similarity and caches query embeddings", async () => {
    const semantic = index();
    await semantic.sync([runbook("a", "Disk filling up"), runbook("b", "Memory growing")]);
    requests = [];
    const hits = await semantic.search("the memory keeps going up");
    expect(hits[0]?.id).toBe("b");
    await semantic.search("the memory keeps going up");
    expect(requests).toHaveLength(1);
  });

  it("is fused into hybrid search: finds what no word matches, and a failing call never fails a search", async () => {
    const source = new StaticSource("org", [
      runbook("cert", "Certificate renewal"),
      runbook("pay", "Payroll run"),
    ]);
    const library = new RunbookLibrary([source]);
    await library.reload();
    const semantic = index();
    await semantic.sync(library.runbooks());
    const errors: string[] = [];
    const retriever = new HybridRetriever({ library, semantic, onError: (_e, where) => errors.push(where) });
    // No shared word with either runbook: only the embedding can find it.
    const [hit] = await retriever.search({ text: "handshake failures" });
    expect(hit?.runbookId).toBe("cert");
    expect(hit?.reasons.some((r) => r.startsWith("semantic match"))).toBe(true);

    bedrock.on(InvokeModelCommand).rejects(new Error("throttled"));
    expect(await retriever.search({ text: "quarterly bonus payroll question" })).toBeDefined();
    expect(errors).toContain("semantic");
    retriever.close();
  });
});
