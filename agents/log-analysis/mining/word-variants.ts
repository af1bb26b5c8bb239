/**
 * Word-variant tracking. Two messages that differ only in one literal word ("startup" / "shutdown")
 * are usually different events, while many such words at the same position (user names) are a
 * variable. Clusters are indexed by their template with one position blanked; once a group reaches
 * the configured number of variants, or already holds a template with `<*>` there, the miner folds
 * the group into one cluster with `<*>` at that position.
 */
import { WILDCARD } from "./masking.js";

/** Words a template needs besides the varying one before its variants may be folded. */
const MIN_CONTEXT_WORDS = 2;

/**
 * A literal token: nothing in it was masked. Masking has already removed numbers and ids, so what
 * remains (words, names such as `ssh2`) is text a human wrote into the log statement.
 */
export function isWord(token: string): boolean {
  return !token.includes(WILDCARD);
}

/** True if the message differs from the template's literals only where one side is masked. */
export function wordCompatible(template: readonly string[], tokens: readonly string[]): boolean {
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const m = tokens[i] as string;
    if (t !== m && t !== WILDCARD && isWord(t) && isWord(m)) return false;
  }
  return true;
}

/** Positions that may vary: words, and wildcards (which absorb new variants at once). */
function positions(tokens: readonly string[]): number[] {
  let words = 0;
  for (const t of tokens) if (isWord(t)) words++;
  const out: number[] = [];
  tokens.forEach((t, p) => {
    const wild = t === WILDCARD;
    if ((wild || isWord(t)) && words - (wild ? 0 : 1) >= MIN_CONTEXT_WORDS) out.push(p);
  });
  return out;
}

function keyOf(tokens: readonly string[], p: number): string {
  return `${tokens.length}\u0001${p}\u0001${tokens.slice(0, p).join(" ")}\u0002${tokens.slice(p + 1).join(" ")}`;
}

export class VariantIndex {
  /** key -> cluster id -> whether that cluster has `<*>` at the blanked position. */
  private readonly groups = new Map<string, Map<number, boolean>>();

  add(id: number, tokens: readonly string[]): void {
    for (const p of positions(tokens)) {
      const key = keyOf(tokens, p);
      let g = this.groups.get(key);
      if (!g) {
        g = new Map();
        this.groups.set(key, g);
      }
      g.set(id, tokens[p] === WILDCARD);
    }
  }

  remove(id: number, tokens: readonly string[]): void {
    for (const p of positions(tokens)) {
      const key = keyOf(tokens, p);
      const g = this.groups.get(key);
      g?.delete(id);
      if (g?.size === 0) this.groups.delete(key);
    }
  }

  /** A cluster with `<*>` where `tokens` has a word and identical tokens elsewhere (lowest id). */
  absorbing(tokens: readonly string[]): number | undefined {
    let best: number | undefined;
    for (const p of positions(tokens)) {
      const g = this.groups.get(keyOf(tokens, p));
      for (const [id, wild] of g ?? []) if (wild && (best === undefined || id < best)) best = id;
    }
    return best;
  }

  /** A position of `tokens` whose group should be folded now, with the group's ids (ascending). */
  ready(tokens: readonly string[], min: number): { position: number; ids: number[] } | undefined {
    for (const p of positions(tokens)) {
      const g = this.groups.get(keyOf(tokens, p));
      if (!g || g.size < 2) continue;
      if (g.size >= min || [...g.values()].some(Boolean)) {
        return { position: p, ids: [...g.keys()].sort((a, b) => a - b) };
      }
    }
    return undefined;
  }
}
