import { majorityMap, pairwiseScores } from "./metrics.js";
import { Prng } from "./prng.js";

/** O(n²) reference: count pairs directly. */
function bruteForce(items: [string, string][]) {
  let tp = 0;
  let pred = 0;
  let truth = 0;
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const sameTruth = items[i]?.[0] === items[j]?.[0];
      const samePred = items[i]?.[1] === items[j]?.[1];
      if (sameTruth) truth += 1;
      if (samePred) pred += 1;
      if (sameTruth && samePred) tp += 1;
    }
  }
  return { tp, pred, truth };
}

describe("pairwiseScores", () => {
  it("scores a hand-made example", () => {
    // Truth {1,2,3} {4,5}; predicted {1,2} {3,4,5}.
    // Together in truth: 12 13 23 45 (4). Predicted: 12 34 35 45 (4). Both: 12 45 (2).
    const scores = pairwiseScores([
      ["A", "x"],
      ["A", "x"],
      ["A", "y"],
      ["B", "y"],
      ["B", "y"],
    ]);
    expect(scores).toMatchObject({ truePositivePairs: 2, predictedPairs: 4, truePairs: 4, items: 5 });
    expect(scores.precision).toBe(0.5);
    expect(scores.recall).toBe(0.5);
    expect(scores.f1).toBe(0.5);
  });

  it("is perfect for identical partitions under different labels, and for all singletons", () => {
    expect(
      pairwiseScores([
        ["A", "1"],
        ["A", "1"],
        ["B", "2"],
      ]).f1,
    ).toBe(1);
    expect(
      pairwiseScores([
        ["A", "1"],
        ["B", "2"],
      ]),
    ).toMatchObject({ precision: 1, recall: 1, f1: 1 });
  });

  it("penalises merging (precision) and splitting (recall) separately", () => {
    const merged = pairwiseScores([
      ["A", "1"],
      ["A", "1"],
      ["B", "1"],
      ["B", "1"],
    ]);
    expect(merged.recall).toBe(1);
    expect(merged.precision).toBeCloseTo(2 / 6);
    const split = pairwiseScores([
      ["A", "1"],
      ["A", "1"],
      ["A", "2"],
      ["A", "2"],
    ]);
    expect(split.precision).toBe(1);
    expect(split.recall).toBeCloseTo(2 / 6);
  });

  it("matches the O(n²) count on random partitions", () => {
    const rng = new Prng(3);
    const items: [string, string][] = Array.from({ length: 300 }, () => [
      `t${rng.int(0, 20)}`,
      `p${rng.int(0, 25)}`,
    ]);
    const ref = bruteForce(items);
    const scores = pairwiseScores(items);
    expect(scores.truePositivePairs).toBe(ref.tp);
    expect(scores.predictedPairs).toBe(ref.pred);
    expect(scores.truePairs).toBe(ref.truth);
  });
});

describe("majorityMap", () => {
  it("maps each true cluster to the predicted cluster with most of its items", () => {
    const map = majorityMap([
      ["A", "x"],
      ["A", "y"],
      ["A", "y"],
      ["B", "z"],
    ]);
    expect(map.get("A")).toBe("y");
    expect(map.get("B")).toBe("z");
  });
});
