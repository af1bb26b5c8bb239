import { describe, expect, it } from "vitest";
import type { RunbookHit } from "../../knowledge/retrieval/types.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { rankByOutcomes } from "./learning.js";

const hit = (id: string, score: number, actionId?: string): RunbookHit => ({
  runbookId: id,
  title: id,
  category: "memory",
  score,
  reasons: [],
  actions: actionId ? [{ actionId, params: {} }] : [],
  source: "built-in",
});

async function outcomes(actionId: string, results: ("success" | "failure")[]) {
  const store = new MemoryOutcomes();
  for (const [i, result] of results.entries()) {
    await store.record({
      incidentId: `i${i}`,
      signature: "sig",
      actionId,
      resourceId: "r",
      time: `2026-01-0${i + 1}T00:00:00Z`,
      result,
    });
  }
  return store;
}

describe("learning from outcomes", () => {
  it("leaves the ranking alone without history", async () => {
    const ranked = await rankByOutcomes(
      [hit("a", 0.9, "x"), hit("b", 0.8, "y")],
      new MemoryOutcomes(),
      "sig",
    );
    expect(ranked.map((h) => [h.runbookId, h.score])).toEqual([
      ["a", 0.9],
      ["b", 0.8],
    ]);
  });

  it("pushes down a runbook whose action kept failing on this kind of incident, and says why", async () => {
    const store = await outcomes("x", ["failure", "failure", "failure"]);
    const ranked = await rankByOutcomes([hit("a", 0.9, "x"), hit("b", 0.8, "y")], store, "sig");
    expect(ranked[0]?.runbookId).toBe("b");
    expect(ranked[1]?.reasons.at(-1)).toMatch(/0 worked, 3 failed/);
  });

  it("lifts one that worked, capped at 1", async () => {
    const store = await outcomes("y", ["success", "success", "success", "success"]);
    const ranked = await rankByOutcomes([hit("a", 0.9, "x"), hit("b", 0.8, "y")], store, "sig");
    expect(ranked[0]?.runbookId).toBe("b");
    expect(ranked[0]?.score).toBeLessThanOrEqual(1);
  });

  it("lists past incidents of the same signature, newest first", async () => {
    const store = await outcomes("x", ["success", "failure"]);
    const recent = await store.forSignature("sig", 5);
    expect(recent.map((o) => o.result)).toEqual(["failure", "success"]);
    expect(await store.forSignature("other", 5)).toEqual([]);
  });
});
