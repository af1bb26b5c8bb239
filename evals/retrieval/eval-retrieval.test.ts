import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBuiltInRetriever } from "../../knowledge/retrieval/factory.js";
import type { HybridRetriever } from "../../knowledge/retrieval/hybrid.js";
import { generateRunbooks } from "./generate-corpus.js";
import { HELDOUT_2_QUERY_FILE, HELDOUT_QUERY_FILE, loadQuerySet, PEOPLE_QUERY_FILE } from "./query-set.js";
import { evaluate } from "./run.js";

let retriever: HybridRetriever;
beforeAll(async () => {
  retriever = await createBuiltInRetriever();
});
afterAll(() => retriever.close());

describe("retrieval evaluation", () => {
  it("has a labelled set of at least 60 queries, about 8 of them with nothing relevant", async () => {
    const queries = await loadQuerySet();
    expect(queries.length).toBeGreaterThanOrEqual(60);
    expect(queries.filter((q) => q.expected.length === 0).length).toBeGreaterThanOrEqual(8);
    const ids = new Set(retriever.library.runbooks().map((r) => r.id));
    for (const q of queries)
      for (const id of q.expected) expect(ids.has(id), `${q.id} expects ${id}`).toBe(true);
  });

  it("meets the quality targets on the built-in corpus", async () => {
    const report = await evaluate(retriever, await loadQuerySet(), { corpus: "built-in", corpusSize: 0 });
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.95);
    expect(report.mrr).toBeGreaterThanOrEqual(0.85);
    expect(report.nothingRecall).toBe(1);
  });

  it("answers people's queries it was never tuned on (second held-out set) and refuses unrelated ones", async () => {
    const report = await evaluate(retriever, await loadQuerySet(HELDOUT_2_QUERY_FILE), {
      corpus: "built-in",
      corpusSize: 0,
    });
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.9);
    expect(report.mrr).toBeGreaterThanOrEqual(0.85);
    expect(report.nothingPrecision).toBeGreaterThanOrEqual(0.8);
    expect(report.nothingRecall).toBe(1);
  });

  it("has at least 80 people-shaped queries (a third held out), at least 10 with nothing relevant", async () => {
    const tuning = await loadQuerySet(PEOPLE_QUERY_FILE);
    const heldOut = await loadQuerySet(HELDOUT_QUERY_FILE);
    const all = [...tuning, ...heldOut];
    expect(all.length).toBeGreaterThanOrEqual(80);
    expect(heldOut.length).toBeGreaterThanOrEqual(Math.floor(all.length / 3));
    expect(all.filter((q) => q.expected.length === 0).length).toBeGreaterThanOrEqual(10);
    expect(new Set(all.map((q) => q.id)).size).toBe(all.length);
    const ids = new Set(retriever.library.runbooks().map((r) => r.id));
    for (const q of all) {
      expect(q.namespace ?? q.metric ?? q.logTemplates, `${q.id} is typed text only`).toBeUndefined();
      for (const id of q.expected) expect(ids.has(id), `${q.id} expects ${id}`).toBe(true);
    }
  });

  it("meets the people-shaped targets on the tuning set", async () => {
    const report = await evaluate(retriever, await loadQuerySet(PEOPLE_QUERY_FILE), {
      corpus: "built-in",
      corpusSize: 0,
    });
    expect(report.recallAt3).toBeGreaterThanOrEqual(0.9);
    expect(report.mrr).toBeGreaterThanOrEqual(0.85);
    expect(report.nothingPrecision).toBeGreaterThanOrEqual(0.8);
  });

  it("generates the same synthetic corpus for the same seed", () => {
    expect(generateRunbooks(3, 7)).toEqual(generateRunbooks(3, 7));
    expect(generateRunbooks(3, 7)[0]?.id).toBe("gen-00001");
  });
});
