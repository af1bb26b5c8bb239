/**
 * BM25 text search over runbooks with MiniSearch. Fields: title, tags, signals text (alarm namespace and
 * metric, resource types, category), log patterns, body; boosted so a title or signal hit counts more than a
 * passing mention in the body. Keeps its own document frequencies so a hit can be judged by how rare the
 * matched terms are (the minimum-evidence rule), not only by its rank.
 */
import MiniSearch from "minisearch";
import type { Runbook } from "../corpus/schema.js";
import { normalise, surfaceWords, terms, tokenize } from "./text.js";

interface IndexedDoc {
  id: string;
  title: string;
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
}

export const DEFAULT_BOOSTS = { title: 3, tags: 2, signals: 2, patterns: 2, body: 1 };

/** Readable text of a log pattern: regex syntax becomes spaces, escapes are dropped. */
function patternText(pattern: string): string {
  return pattern.replace(/\\[a-zA-Z]/g, " ").replace(/[\\^$.*+?()[\]{}|/]/g, " ");
}

function indexedDocOf(runbook: Runbook): IndexedDoc {
  const s = runbook.signals;
  return {
    id: runbook.id,
    title: runbook.title,
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
    fields: ["title", "tags", "signals", "patterns", "body"],
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

  /** Best matches first. Terms are OR-combined; every query term is looked up exactly (no fuzzy/prefix). */
  query(text: string, limit = 50): TextHit[] {
    if (!text.trim() || this.size === 0) return [];
    const words = surfaceWords(text);
    const mass = [...new Set(terms(text))].reduce((sum, t) => sum + this.idf(t), 0);
    const results = this.search.search(text, { boost: this.boosts, combineWith: "OR" });
    return results.slice(0, limit).map((r) => {
      const matched = [...new Set(r.queryTerms)];
      const evidence = matched.reduce((sum, t) => sum + this.idf(t), 0);
      return {
        id: String(r.id),
        score: r.score,
        matched: matched.map((t) => words.get(t) ?? t),
        evidence,
        coverage: mass > 0 ? Math.min(1, evidence / mass) : 0,
      };
    });
  }
}
