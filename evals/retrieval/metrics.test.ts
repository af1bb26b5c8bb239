import { describe, expect, it } from "vitest";
import { firstRelevantRank, ndcgAt, percentile, recallAt, reciprocalRank } from "./metrics.js";

describe("retrieval metrics", () => {
  it("recall@k is a hit or miss for one relevant id", () => {
    expect(recallAt(["a", "b", "c"], ["b"], 1)).toBe(0);
    expect(recallAt(["a", "b", "c"], ["b"], 3)).toBe(1);
  });

  it("recall@k is capped by k when several ids are acceptable", () => {
    expect(recallAt(["x", "a"], ["x", "y", "z"], 1)).toBe(1);
    expect(recallAt(["x", "a", "y"], ["x", "y", "z"], 3)).toBeCloseTo(2 / 3);
  });

  it("computes reciprocal rank and the first relevant rank", () => {
    expect(firstRelevantRank(["a", "b"], ["b"])).toBe(2);
    expect(reciprocalRank(["a", "b"], ["b"])).toBe(0.5);
    expect(reciprocalRank([], ["b"])).toBe(0);
  });

  it("computes nDCG@5 with binary gains", () => {
    expect(ndcgAt(["a"], ["a"], 5)).toBe(1);
    expect(ndcgAt(["x", "a"], ["a"], 5)).toBeCloseTo(1 / Math.log2(3));
    expect(ndcgAt(["x"], ["a"], 5)).toBe(0);
  });

  it("computes nearest-rank percentiles", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 50)).toBe(0);
  });
});
