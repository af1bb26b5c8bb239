/** Drain's token-sequence similarity and template update. */
import { WILDCARD } from "./masking.js";

/**
 * Share of positions where the template's non-wildcard token equals the message token (Drain's seqDist),
 * and the wildcard count. With `countWildcards`, wildcard positions count as matches too.
 */
export function similarity(
  template: readonly string[],
  tokens: readonly string[],
  countWildcards = false,
): [number, number] {
  let same = 0;
  let wild = 0;
  for (let i = 0; i < template.length; i++) {
    const t = template[i];
    if (t === WILDCARD) wild++;
    else if (t === tokens[i]) same++;
  }
  if (countWildcards) same += wild;
  return [template.length === 0 ? 1 : same / template.length, wild];
}

/** Template that keeps equal tokens and puts `<*>` where they differ; returns the same array if unchanged. */
export function mergeTemplate(template: string[], tokens: readonly string[]): string[] {
  let out: string[] | null = null;
  for (let i = 0; i < template.length; i++) {
    if (template[i] !== tokens[i] && template[i] !== WILDCARD) {
      out ??= template.slice();
      out[i] = WILDCARD;
    }
  }
  return out ?? template;
}

/** Picks the best candidate as Drain's fastMatch does: highest similarity, ties to more wildcards, then first. */
export function bestMatch<T extends { tokens: string[] }>(
  candidates: Iterable<T>,
  tokens: readonly string[],
  threshold: number,
  countWildcards = false,
  accept?: (template: readonly string[], tokens: readonly string[]) => boolean,
): T | undefined {
  let best: T | undefined;
  let bestSim = -1;
  let bestWild = -1;
  for (const c of candidates) {
    if (accept && !accept(c.tokens, tokens)) continue;
    const [sim, wild] = similarity(c.tokens, tokens, countWildcards);
    if (sim > bestSim || (sim === bestSim && wild > bestWild)) {
      best = c;
      bestSim = sim;
      bestWild = wild;
    }
  }
  return best && bestSim >= threshold ? best : undefined;
}
