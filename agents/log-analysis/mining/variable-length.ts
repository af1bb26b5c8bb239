/**
 * Length-tolerant lookup: finds a cluster for a message whose token count differs from every
 * same-length candidate. Two sequences agree when they are equal after dropping tokens made only of
 * wildcards and punctuation (`<*>`, `(<*>)`, `<*>:<*>`), so an optional or multi-token variable
 * does not split an event.
 */
import { WILDCARD } from "./masking.js";

/** The comparison key needs this many literal tokens, so short templates never absorb other lengths. */
const MIN_LITERALS = 2;

/** True for tokens that carry no literal text: wildcards joined by punctuation only. */
export function isPlaceholder(token: string): boolean {
  if (!token.includes(WILDCARD)) return false;
  return !/[A-Za-z0-9]/.test(token.replaceAll(WILDCARD, ""));
}

/** The key, or undefined when too few literal tokens remain. */
export function skeleton(tokens: readonly string[]): string | undefined {
  const kept = tokens.filter((t) => !isPlaceholder(t));
  return kept.length >= MIN_LITERALS ? kept.join(" ") : undefined;
}

export class VariableLengthIndex {
  private readonly byKey = new Map<string, Set<number>>();

  add(id: number, tokens: readonly string[]): void {
    const key = skeleton(tokens);
    if (key === undefined) return;
    let ids = this.byKey.get(key);
    if (!ids) {
      ids = new Set();
      this.byKey.set(key, ids);
    }
    ids.add(id);
  }

  remove(id: number, tokens: readonly string[]): void {
    const key = skeleton(tokens);
    if (key === undefined) return;
    const ids = this.byKey.get(key);
    ids?.delete(id);
    if (ids?.size === 0) this.byKey.delete(key);
  }

  /** Lowest-id cluster with the same key, if any. */
  find(tokens: readonly string[]): number | undefined {
    const key = skeleton(tokens);
    const ids = key === undefined ? undefined : this.byKey.get(key);
    if (!ids) return undefined;
    let best: number | undefined;
    for (const id of ids) if (best === undefined || id < best) best = id;
    return best;
  }
}
