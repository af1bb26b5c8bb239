/**
 * Reciprocal rank fusion: score(d) = Σ_lists weight / (k + rank(d)), k = 60 by default. Tied items in a list
 * share a rank (competition ranking), so a tie never favours one runbook arbitrarily. Scores are normalised
 * by the best possible total (rank 1 in every list that returned anything), so 1 means "first everywhere".
 */

export interface RankedList {
  name: string;
  /** Ids best first, with the list's own score (used only to detect ties). */
  items: { id: string; score: number }[];
  weight?: number;
}

export interface FusedItem {
  id: string;
  /** In [0, 1]. */
  score: number;
  /** 1-based rank of this id in each list where it appears. */
  ranks: Record<string, number>;
}

export const RRF_K = 60;

/** 1-based competition ranks: equal scores share the rank of the first of them. */
export function competitionRanks(items: { id: string; score: number }[]): Map<string, number> {
  const ranks = new Map<string, number>();
  let previous: number | undefined;
  let rank = 0;
  items.forEach((item, index) => {
    if (previous === undefined || item.score !== previous) rank = index + 1;
    previous = item.score;
    if (!ranks.has(item.id)) ranks.set(item.id, rank);
  });
  return ranks;
}

/** Fuses ranked lists; result is sorted by fused score, highest first (ties keep first-list order). */
export function reciprocalRankFusion(lists: readonly RankedList[], k = RRF_K): FusedItem[] {
  const active = lists.filter((l) => l.items.length > 0);
  const best = active.reduce((sum, l) => sum + (l.weight ?? 1) / (k + 1), 0);
  if (best === 0) return [];
  const fused = new Map<string, FusedItem & { order: number }>();
  let order = 0;
  for (const list of active) {
    for (const [id, rank] of competitionRanks(list.items)) {
      let item = fused.get(id);
      if (!item) {
        item = { id, score: 0, ranks: {}, order: order++ };
        fused.set(id, item);
      }
      item.score += (list.weight ?? 1) / (k + rank);
      item.ranks[list.name] = rank;
    }
  }
  return [...fused.values()]
    .map((item) => ({ ...item, score: Math.min(1, item.score / best) }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .map(({ order: _order, ...item }) => item);
}
