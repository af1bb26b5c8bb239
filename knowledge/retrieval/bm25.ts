/**
 * BM25 text search over runbooks with MiniSearch. Fields: title, aliases, symptoms, tags, signals text (alarm
 * namespace and metric, resource types, category), log patterns, body; boosted so a title, alias, symptom or
 * signal hit counts more than a passing mention in the body. Keeps its own document frequencies so a hit can be judged by how rare the
 * matched terms are (the minimum-evidence rule), not only by its rank.
 */
import MiniSearch from "minisearch";
import type { Runbook } from "../corpus/schema.js";
import { normalise, surfaceWords, terms, tokenize } from "./text.js";

interface IndexedDoc {
  id: string;
  title: string;
  aliases: string;
  symptoms: string;
  tags: string;
  signals: string;
  patterns: string;
  body: string;
}

export interface TextHit {
  id: string;
  score: number;
  /** Distinct query terms this runbook matched, as the query spelled them. */
  matched: string[];
  /** Sum of the inverse document frequencies of the matched terms: how specific the match is. */
  evidence: number;
  /** Share of the query's information (IDF-weighted) this runbook explains, in [0, 1]. */
  coverage: number;
  /** Each matched normalised term and the fields it matched in. */
  fields: Record<string, string[]>;
}

export const DEFAULT_BOOSTS = {
  title: 3,
  aliases: 3,
  symptoms: 2.5,
  tags: 2,
  signals: 2,
  patterns: 2,
  body: 1,
};

/** Fields whose match says what a runbook is about (a body match alone is a passing mention). */
export const DESCRIPTIVE_FIELDS: ReadonlySet<string> = new Set([
  "title",
  "aliases",
  "symptoms",
  "tags",
  "signals",
  "patterns",
]);

/** Query terms at most searched for (the most specific ones): bounds the cost of a long incident query. */
export const MAX_QUERY_TERMS = 48;

/** Readable text of a log pattern: regex syntax becomes spaces, escapes are dropped. */
function patternText(pattern: string): string {
  return pattern.replace(/\\[a-zA-Z]/g, " ").replace(/[\\^$.*+?()[\]{}|/]/g, " ");
}

function indexedDocOf(runbook: Runbook): IndexedDoc {
  const s = runbook.signals;
  return {
    id: runbook.id,
    title: runbook.title,
    aliases: (runbook.aliases ?? []).join(" \n "),
    symptoms: (runbook.symptoms ?? []).join(" \n "),
    tags: runbook.tags.join(" "),
    signals: [
      ...s.alarms.map((a) => `${a.namespace} ${a.metric}`),
      ...s.resourceTypes,
      runbook.category,
      runbook.services === "*" ? "" : runbook.services.join(" "),
    ].join(" "),
    patterns: s.logPatterns.map(patternText).join(" \n "),
    body: `${runbook.body}\n${runbook.verification}`,
  };
}

export class Bm25Index {
  private readonly search = new MiniSearch<IndexedDoc>({
    fields: ["title", "aliases", "symptoms", "tags", "signals", "patterns", "body"],
    storeFields: [],
    tokenize,
    processTerm: (term) => normalise(term) ?? null,
  });
  private readonly df = new Map<string, number>();
  private readonly docTerms = new Map<string, Set<string>>();

  constructor(private readonly boosts: Record<string, number> = DEFAULT_BOOSTS) {}

  get size(): number {
    return this.docTerms.size;
  }

  has(id: string): boolean {
    return this.docTerms.has(id);
  }

  add(runbook: Runbook): void {
    if (this.has(runbook.id)) this.remove(runbook.id);
    const doc = indexedDocOf(runbook);
    this.search.add(doc);
    const unique = new Set(terms(Object.values(doc).join(" ")));
    this.docTerms.set(runbook.id, unique);
    for (const t of unique) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  addAll(runbooks: readonly Runbook[]): void {
    for (const runbook of runbooks) this.add(runbook);
  }

  remove(id: string): void {
    const unique = this.docTerms.get(id);
    if (!unique) return;
    this.search.discard(id);
    this.docTerms.delete(id);
    for (const t of unique) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n <= 0) this.df.delete(t);
      else this.df.set(t, n);
    }
  }

  /** Inverse document frequency of a normalised term (BM25's form, always positive). */
  idf(term: string): number {
    const n = this.size;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Document frequency of a normalised term. */
  frequency(term: string): number {
    return this.df.get(term) ?? 0;
  }

  /**
   * Best matches first. Terms are OR-combined; every query term is looked up exactly (no fuzzy/prefix).
   * A term repeated in the query is searched once; past `MAX_QUERY_TERMS` only the rarest are kept.
   */
  query(text: string, limit = 50): TextHit[] {
    if (!text.trim() || this.size === 0) return [];
    const words = surfaceWords(text);
    const unique = [...new Set(terms(text))];
    const mass = unique.reduce((sum, t) => sum + this.idf(t), 0);
    const searched =
      unique.length > MAX_QUERY_TERMS
        ? unique.sort((a, b) => this.frequency(a) - this.frequency(b)).slice(0, MAX_QUERY_TERMS)
        : unique;
    return this.run(
      searched.map((t) => [t, 1]),
      limit,
      (matched) => {
        const evidence = matched.reduce((sum, t) => sum + this.idf(t), 0);
        return {
          matched: matched.map((t) => words.get(t) ?? t),
          evidence,
          coverage: mass > 0 ? Math.min(1, evidence / mass) : 0,
        };
      },
    );
  }

  /** Best matches for already-normalised terms, each with a weight (synonyms count less than typed words). */
  queryWeighted(weights: ReadonlyMap<string, number>, limit = 50): TextHit[] {
    if (weights.size === 0 || this.size === 0) return [];
    return this.run([...weights], limit, (matched) => ({
      matched,
      evidence: matched.reduce((sum, t) => sum + this.idf(t), 0),
      coverage: 0,
    }));
  }

  private run(
    weighted: readonly (readonly [string, number])[],
    limit: number,
    describe: (matched: string[]) => Pick<TextHit, "matched" | "evidence" | "coverage">,
  ): TextHit[] {
    const known = weighted.filter(([t]) => this.df.has(t));
    if (known.length === 0) return [];
    const weightOf = new Map(known);
    const results = this.search.search(known.map(([t]) => t).join(" "), {
      boost: this.boosts,
      combineWith: "OR",
      tokenize: splitSpaces,
      processTerm: identity,
      boostTerm: (term) => weightOf.get(term) ?? 1,
    });
    return results.slice(0, limit).map((r) => ({
      id: String(r.id),
      score: r.score,
      fields: r.match,
      ...describe([...new Set(r.queryTerms)]),
    }));
  }
}

const splitSpaces = (text: string): string[] => text.split(" ");
const identity = (term: string): string => term;
