/**
 * Query understanding for free text: the operations vocabulary (`vocabulary.yaml`: synonym and abbreviation
 * groups, filler words) turns what someone typed into concepts. A concept is one thing the query asks about
 * ("disk full", "lambda"); it is found in a runbook when any of its terms or its synonyms' terms match.
 * Phrases are matched on stemmed words, longest first, so "ran out of memory" and "throttled" find their
 * groups whatever the inflection.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { VOCABULARY_PATH } from "../corpus/paths.js";
import { stem, terms } from "./text.js";

export const VocabularyFileSchema = z
  .object({
    ignore: z.array(z.string().min(1)).default([]),
    groups: z.array(z.array(z.string().min(1)).min(2, "a group needs at least two members")),
  })
  .strict();
export type VocabularyFile = z.infer<typeof VocabularyFileSchema>;

/** One thing a query asks about. */
export interface Concept {
  /** As typed. */
  surface: string;
  /** Normalised terms of what was typed. */
  terms: string[];
  /** Normalised terms of its synonyms (not in `terms`). */
  synonyms: string[];
}

export interface AnalysedQuery {
  concepts: Concept[];
  /** Every term to search for, with its weight (typed 1, synonym `SYNONYM_WEIGHT`). */
  weights: Map<string, number>;
}

/** How much a synonym's match counts next to a word the user typed. */
export const SYNONYM_WEIGHT = 0.5;

const WORD = /[\p{L}\p{N}]+/gu;

/** Words of a phrase as phrase-matching keys: lower-cased and stemmed, stop words kept. */
function keys(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map(stem);
}

interface Phrase {
  keys: string[];
  group: number;
}

export class Vocabulary {
  private readonly byFirst = new Map<string, Phrase[]>();
  private readonly groupTerms: string[][];
  private readonly ignored: Set<string>;
  private readonly cache = new Map<string, AnalysedQuery>();

  constructor(readonly file: VocabularyFile) {
    this.ignored = new Set(file.ignore.flatMap(keys));
    this.groupTerms = file.groups.map((group) => [...new Set(group.flatMap((m) => terms(m)))]);
    file.groups.forEach((group, index) => {
      for (const member of group) {
        const k = keys(member);
        const first = k[0];
        if (!first) continue;
        const list = this.byFirst.get(first) ?? [];
        list.push({ keys: k, group: index });
        list.sort((a, b) => b.keys.length - a.keys.length);
        this.byFirst.set(first, list);
      }
    });
  }

  /** True when this word is filler for search ("help", "fix", "issue"). */
  isFiller(word: string): boolean {
    return this.ignored.has(stem(word.toLowerCase()));
  }

  /** The concepts of a free-text query, with synonym expansion. Memoised (bounded). */
  analyse(text: string): AnalysedQuery {
    const cached = this.cache.get(text);
    if (cached) return cached;
    const out = this.analyseUncached(text);
    if (this.cache.size >= 2_000) this.cache.clear();
    this.cache.set(text, out);
    return out;
  }

  private analyseUncached(text: string): AnalysedQuery {
    const words = text.match(WORD) ?? [];
    const wordKeys = words.map((w) => stem(w.toLowerCase()));
    const concepts: Concept[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < words.length; ) {
      const phrase = (this.byFirst.get(wordKeys[i] ?? "") ?? []).find((p) =>
        p.keys.every((k, j) => wordKeys[i + j] === k),
      );
      if (phrase) {
        const surface = words.slice(i, i + phrase.keys.length).join(" ");
        const all = this.groupTerms[phrase.group] ?? [];
        const typed = terms(surface);
        const own = typed.length > 0 ? typed : all;
        const key = `g${phrase.group}`;
        if (!seen.has(key)) {
          seen.add(key);
          concepts.push({ surface, terms: own, synonyms: all.filter((t) => !own.includes(t)) });
        }
        i += phrase.keys.length;
        continue;
      }
      const word = words[i] ?? "";
      i++;
      if (this.ignored.has(wordKeys[i - 1] ?? "")) continue;
      const typed = terms(word);
      if (typed.length === 0) continue;
      const key = typed.join(" ");
      if (seen.has(key)) continue;
      seen.add(key);
      concepts.push({ surface: word, terms: typed, synonyms: [] });
    }
    const weights = new Map<string, number>();
    for (const c of concepts) {
      for (const t of c.synonyms) if (!weights.has(t)) weights.set(t, SYNONYM_WEIGHT);
    }
    for (const c of concepts) for (const t of c.terms) weights.set(t, 1);
    return { concepts, weights };
  }
}

/** Parses a vocabulary file; errors name the file and the field. */
export function parseVocabulary(text: string, origin: string): Vocabulary {
  const parsed = VocabularyFileSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${origin}: ${issue?.path.join(".") || "(top)"}: ${issue?.message}`);
  }
  return new Vocabulary(parsed.data);
}

let shipped: Vocabulary | undefined;

/** The shipped vocabulary (`vocabulary.yaml`), read once. */
export function defaultVocabulary(): Vocabulary {
  shipped ??= parseVocabulary(readFileSync(VOCABULARY_PATH, "utf8"), "knowledge/retrieval/vocabulary.yaml");
  return shipped;
}
