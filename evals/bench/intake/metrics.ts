/**
 * Pairwise clustering scores from a contingency table: a pair of items is a true positive when both the
 * truth and the prediction put them together. Counting C(n, 2) per cell, row and column keeps it O(n).
 */

export interface PairwiseScores {
  precision: number;
  recall: number;
  f1: number;
  /** Pairs together in both truth and prediction. */
  truePositivePairs: number;
  /** Pairs together in the prediction. */
  predictedPairs: number;
  /** Pairs together in the truth. */
  truePairs: number;
  items: number;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

function bump(map: Map<string, number>, key: string) {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Scores `items` of `[trueCluster, predictedCluster]`. With no pair on one side the corresponding score is
 * 1 (nothing to get wrong), so all singletons on both sides scores 1.
 */
export function pairwiseScores(items: Iterable<readonly [string, string]>): PairwiseScores {
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  const cols = new Map<string, number>();
  let n = 0;
  for (const [truth, predicted] of items) {
    bump(cells, JSON.stringify([truth, predicted]));
    bump(rows, truth);
    bump(cols, predicted);
    n += 1;
  }
  const sum = (map: Map<string, number>) => [...map.values()].reduce((acc, c) => acc + pairs(c), 0);
  const tp = sum(cells);
  const predictedPairs = sum(cols);
  const truePairs = sum(rows);
  const precision = predictedPairs === 0 ? 1 : tp / predictedPairs;
  const recall = truePairs === 0 ? 1 : tp / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePositivePairs: tp, predictedPairs, truePairs, items: n };
}

/** For each true cluster, the predicted cluster holding most of its items (ties: first seen). */
export function majorityMap(items: Iterable<readonly [string, string]>): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const [truth, predicted] of items) {
    const row = counts.get(truth) ?? new Map<string, number>();
    bump(row, predicted);
    counts.set(truth, row);
  }
  const out = new Map<string, string>();
  for (const [truth, row] of counts) {
    let best: [string, number] = ["", -1];
    for (const [predicted, count] of row) if (count > best[1]) best = [predicted, count];
    out.set(truth, best[0]);
  }
  return out;
}
