/** Ordered regex masking: replaces variable parts of a message before it is tokenised. */
import type { MaskRule } from "./types.js";

/** The wildcard used in templates. */
export const WILDCARD = "<*>";

/** A compiled, ordered list of masking rules. */
export class Masker {
  readonly rules: readonly MaskRule[];
  private readonly compiled: { re: RegExp; replacement: string; hint: readonly string[] | undefined }[];

  constructor(rules: readonly MaskRule[]) {
    this.rules = rules.map((r) => ({ ...r, ...(r.hint ? { hint: [...r.hint] } : {}) }));
    this.compiled = rules.map((r) => ({
      re: new RegExp(r.pattern, withGlobal(r.flags)),
      // Escape `$` so the replacement is literal text.
      replacement: (r.replacement ?? WILDCARD).replaceAll("$", "$$$$"),
      hint: r.hint && r.hint.length > 0 ? [...r.hint] : undefined,
    }));
  }

  /** Applies every rule in order and returns the masked text. */
  apply(text: string): string {
    let out = text;
    for (const { re, replacement, hint } of this.compiled) {
      if (hint && !hint.some((h) => out.includes(h))) continue;
      re.lastIndex = 0;
      out = out.replace(re, replacement);
    }
    return out;
  }

  /** Names of the rules that change `text` when applied in order (for explanations and tests). */
  explain(text: string): string[] {
    const hits: string[] = [];
    let out = text;
    this.compiled.forEach(({ re, replacement }, i) => {
      re.lastIndex = 0;
      const next = out.replace(re, replacement);
      if (next !== out) hits.push(this.rules[i]?.name ?? String(i));
      out = next;
    });
    return hits;
  }
}

function withGlobal(flags = ""): string {
  return flags.includes("g") ? flags : `${flags}g`;
}

/** Builds unnamed rules from bare regex sources (as in the Loghub benchmark settings). */
export function rulesFromPatterns(patterns: readonly string[], prefix = "rule"): MaskRule[] {
  return patterns.map((pattern, i) => ({ name: `${prefix}${i + 1}`, pattern }));
}
