import { describe, expect, it } from "vitest";
import { competitionRanks, RRF_K, reciprocalRankFusion } from "./fusion.js";

const list = (name: string, ids: string[], weight?: number) => ({
  name,
  items: ids.map((id, i) => ({ id, score: ids.length - i })),
  ...(weight === undefined ? {} : { weight }),
});

describe("reciprocal rank fusion", () => {
  it("uses k = 60 and sums 1 / (k + rank) over lists", () => {
    const fused = reciprocalRankFusion([list("a", ["x", "y"]), list("b", ["y", "z"])]);
    const best = 2 / (RRF_K + 1);
    const y = fused.find((f) => f.id === "y");
    expect(y?.score).toBeCloseTo((1 / 62 + 1 / 61) / best, 10);
    expect(y?.ranks).toEqual({ a: 2, b: 1 });
    expect(fused[0]?.id).toBe("y");
  });

  it("normalises so first in every non-empty list scores 1", () => {
    const fused = reciprocalRankFusion([list("a", ["x"]), list("b", ["x"]), list("empty", [])]);
    expect(fused).toEqual([{ id: "x", score: 1, ranks: { a: 1, b: 1 } }]);
  });

  it("keeps scores in [0, 1] and sorted", () => {
    const fused = reciprocalRankFusion([list("a", ["p", "q", "r"]), list("b", ["r", "q", "p"])]);
    for (const item of fused) {
      expect(item.score).toBeGreaterThan(0);
      expect(item.score).toBeLessThanOrEqual(1);
    }
    expect(fused.map((f) => f.score)).toEqual([...fused.map((f) => f.score)].sort((a, b) => b - a));
  });

  it("gives tied items the same rank", () => {
    const ranks = competitionRanks([
      { id: "a", score: 5 },
      { id: "b", score: 3 },
      { id: "c", score: 3 },
      { id: "d", score: 1 },
    ]);
    expect([...ranks.entries()]).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 2],
      ["d", 4],
    ]);
  });

  it("honours list weights", () => {
    const fused = reciprocalRankFusion([list("a", ["x", "y"], 3), list("b", ["y", "x"], 1)]);
    expect(fused[0]?.id).toBe("x");
  });

  it("returns nothing for nothing", () => {
    expect(reciprocalRankFusion([list("a", [])])).toEqual([]);
  });
});
