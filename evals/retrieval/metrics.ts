/** Ranking metrics for the retrieval evaluation. Relevance is binary; `expected` may list several ids. */

/** 1-based rank of the first relevant id, or undefined when none was returned. */
export function firstRelevantRank(
  returned: readonly string[],
  expected: readonly string[],
): number | undefined {
  const index = returned.findIndex((id) => expected.includes(id));
  return index < 0 ? undefined : index + 1;
}

/**
 * Capped recall at k: relevant ids in the top k divided by min(k, |relevant|). With one relevant runbook it
 * is a hit or a miss; when several runbooks are acceptable, one of them ranked first is a full hit at k=1.
 */
export function recallAt(returned: readonly string[], expected: readonly string[], k: number): number {
  if (expected.length === 0) return 0;
  const top = new Set(returned.slice(0, k));
  return expected.filter((id) => top.has(id)).length / Math.min(k, expected.length);
}

export function reciprocalRank(returned: readonly string[], expected: readonly string[]): number {
  const rank = firstRelevantRank(returned, expected);
  return rank === undefined ? 0 : 1 / rank;
}

/** Normalised discounted cumulative gain at k with binary gains. */
export function ndcgAt(returned: readonly string[], expected: readonly string[], k: number): number {
  if (expected.length === 0) return 0;
  let dcg = 0;
  returned.slice(0, k).forEach((id, i) => {
    if (expected.includes(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, expected.length); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

export const mean = (values: readonly number[]): number =>
  values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
