import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuiltInRetriever } from "./factory.js";
import { type HybridRetriever, queryKind } from "./hybrid.js";

let retriever: HybridRetriever;
beforeAll(async () => {
  retriever = await createBuiltInRetriever();
});
afterAll(() => retriever.close());

const first = async (text: string) => (await retriever.search({ text }))[0]?.runbookId;

describe("free-text search: queries as people and models type them", () => {
  it.each([
    ["memory leak", "ec2-memory-leak"],
    ["out of memory", "ec2-memory-leak"],
    ["OOM killer", "ec2-memory-leak"],
    ["lambda throttled", "lambda-throttling"],
    ["lambda throttling errors", "lambda-throttling"],
    ["scale out the web fleet", "asg-traffic-surge"],
    ["DDB throttled writes", "dynamodb-throttling"],
    ["too many connections", "db-connection-exhaustion"],
    ["cert expired", "expired-certificate"],
    ["crypto miner", "guardduty-finding"],
  ])("%s → %s first", async (text, id) => {
    expect(await first(text)).toBe(id);
  });

  it.each(["disk full", "disk space low", "no space left on device"])(
    "%s → a disk-full runbook first",
    async (text) => {
      expect(await first(text)).toMatch(/^disk-full-/);
    },
  );

  it.each(["how do I order lunch for the team", "submit an expense report", "my laptop keyboard is broken"])(
    "%s → nothing",
    async (text) => {
      expect(await retriever.search({ text })).toEqual([]);
    },
  );

  it("says which of the query's words each hit explains", async () => {
    const [hit] = await retriever.search({ text: "memory leak" });
    expect(hit?.reasons).toContain("text: memory leak");
  });

  it("tells incident-shaped queries from free text", () => {
    expect(queryKind({ text: "disk full" })).toBe("free-text");
    expect(queryKind({ text: "x", metric: "CPUUtilization", namespace: "AWS/EC2" })).toBe("incident");
    expect(queryKind({ text: "x", logTemplates: ["No space left on device"] })).toBe("incident");
    expect(queryKind({ text: "x", logTemplates: [" "] })).toBe("free-text");
  });
});
