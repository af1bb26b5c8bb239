/**
 * Graded-relevance ranking metrics for runbook retrieval: hit@1, recall@k, reciprocal rank and nDCG@k.
 * Grades run 0..3; 3 is the runbook to follow, 2 a useful one, 1 related, 0 wrong.
 */

export interface RankingScore {
  /** The top candidate is a grade-3 runbook. */
  hit1: boolean;
  /** Share of the useful runbooks (grade ≥ 2) in the top k. */
  recallAtK: number;
  /** 1 / rank of the first grade-3 runbook (0 when absent). */
  reciprocalRank: number;
  /** Normalised discounted cumulative gain at k, gains 2^grade − 1. */
  ndcgAtK: number;
  /** Rank of the first grade-3 runbook, if retrieved. */
  rank?: number;
}

export const RANKING_K = 5;

function dcg(grades: number[]): number {
  return grades.reduce((sum, g, i) => sum + (2 ** g - 1) / Math.log2(i + 2), 0);
}

/** Scores a ranked list of ids against graded ground truth; undefined when nothing is graded relevant. */
export function scoreRanking(
  ranked: readonly string[],
  grades: Readonly<Record<string, number>>,
  k = RANKING_K,
): RankingScore | undefined {
  const gradeOf = (id: string) => grades[id] ?? 0;
  const ideal = Object.values(grades)
    .filter((g) => g > 0)
    .sort((a, b) => b - a);
  if (ideal.length === 0) return undefined;
  const best = ideal[0] ?? 0;
  const top = ranked.slice(0, k);
  const useful = Object.entries(grades)
    .filter(([, g]) => g >= 2)
    .map(([id]) => id);
  const index = ranked.findIndex((id) => gradeOf(id) === best);
  const idealDcg = dcg(ideal.slice(0, k));
  return {
    hit1: ranked[0] !== undefined && gradeOf(ranked[0]) === best,
    recallAtK: useful.length === 0 ? 1 : useful.filter((id) => top.includes(id)).length / useful.length,
    reciprocalRank: index < 0 ? 0 : 1 / (index + 1),
    ndcgAtK: idealDcg === 0 ? 0 : dcg(top.map(gradeOf)) / idealDcg,
    ...(index >= 0 ? { rank: index + 1 } : {}),
  };
}
