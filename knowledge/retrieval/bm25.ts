/**
 * BM25 text search over runbooks with MiniSearch. Fields: title, aliases, symptoms, tags, signals text (alarm
 * namespace and metric, resource types, category), log patterns, body; boosted so a title, alias, symptom or
 * signal hit counts more than a passing mention in the body. Keeps its own document frequencies so a hit can be judged by how rare the
 * matched terms are (the minimum-evidence rule), not only by its rank.
 */
import MiniSearch, { type AsPlainObject } from "minisearch";
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
  /** Free text only: how many concepts the hit explains in its descriptive fields, and whether one is an ops term. */
  anchors?: { descriptive: number; vocabulary: boolean };
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
export const MAX_QUERY_TERMS = 64;

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
  /** Scoring postings compiled from the MiniSearch index; dropped on every change, rebuilt on next query. */
  private snapshot: Postings | undefined;

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
    this.snapshot = undefined;
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
    this.snapshot = undefined;
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

  /** The compiled postings, rebuilt after the index changed (once per reload, not per query). */
  private postings(): Postings {
    this.snapshot ??= compilePostings(this.search.toJSON(), this.boosts);
    return this.snapshot;
  }

  /**
   * Scores like MiniSearch's OR search (BM25+ per field, times the field boost and the term weight, the sum
   * times the number of query terms matched) from precomputed postings: no per-query maps, so no GC pauses.
   */
  private run(
    weighted: readonly (readonly [string, number])[],
    limit: number,
    describe: (matched: string[]) => Pick<TextHit, "matched" | "evidence" | "coverage">,
  ): TextHit[] {
    const postings = this.postings();
    const known = weighted.filter(([t]) => postings.terms.has(t));
    if (known.length === 0) return [];
    const { acc, count, ids } = postings;
    const touched: number[] = [];
    for (const [term, weight] of known) {
      const list = postings.terms.get(term) as TermPostings;
      for (let i = 0; i < list.docs.length; i++) {
        const d = list.docs[i] as number;
        if (count[d] === 0) touched.push(d);
        acc[d] = (acc[d] ?? 0) + weight * (list.scores[i] as number);
        count[d] = (count[d] ?? 0) + 1;
      }
    }
    const top = topK(touched, (d) => (acc[d] ?? 0) * (count[d] ?? 0), limit);
    for (const d of touched) {
      acc[d] = 0;
      count[d] = 0;
    }
    return top.map(([d, score]) => {
      const fields: Record<string, string[]> = {};
      for (const [term] of known) {
        const list = postings.terms.get(term) as TermPostings;
        const at = indexOf(list.docs, d);
        if (at >= 0) fields[term] = postings.fieldNames.filter((_, f) => ((list.masks[at] ?? 0) >> f) & 1);
      }
      return { id: ids[d] ?? "", score, fields, ...describe(Object.keys(fields)) };
    });
  }
}

interface TermPostings {
  /** Dense document numbers, ascending. */
  docs: Int32Array;
  /** Field-boosted BM25+ contribution of the term to each document. */
  scores: Float64Array;
  /** Bit f set when the term occurs in field f. */
  masks: Uint8Array;
}

interface Postings {
  terms: Map<string, TermPostings>;
  ids: string[];
  fieldNames: string[];
  /** Scratch accumulators, one slot per document, left zeroed after each query. */
  acc: Float64Array;
  count: Uint16Array;
}

const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

function compilePostings(index: AsPlainObject, boosts: Record<string, number>): Postings {
  const shortIds = Object.keys(index.documentIds);
  const dense = new Map<string, number>(shortIds.map((s, i) => [s, i]));
  const ids = shortIds.map((s) => String(index.documentIds[s]));
  const fieldNames: string[] = [];
  for (const [name, fid] of Object.entries(index.fieldIds)) fieldNames[fid] = name;
  const total = index.documentCount;
  const terms = new Map<string, TermPostings>();
  for (const [term, byField] of index.index) {
    const score = new Map<number, number>();
    const mask = new Map<number, number>();
    for (const [fieldId, freqs] of Object.entries(byField)) {
      const f = Number(fieldId);
      const boost = boosts[fieldNames[f] ?? ""] ?? 1;
      const live = Object.entries(freqs).filter(([shortId]) => dense.has(shortId));
      const avg = index.averageFieldLength[f] ?? 1;
      const idf = Math.log(1 + (total - live.length + 0.5) / (live.length + 0.5));
      for (const [shortId, tf] of live) {
        const d = dense.get(shortId) as number;
        const length = index.fieldLength[shortId]?.[f] ?? avg;
        const raw =
          idf * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avg)));
        score.set(d, (score.get(d) ?? 0) + boost * raw);
        mask.set(d, (mask.get(d) ?? 0) | (1 << f));
      }
    }
    if (score.size === 0) continue;
    const docs = Int32Array.from([...score.keys()].sort((a, b) => a - b));
    terms.set(term, {
      docs,
      scores: Float64Array.from(docs, (d) => score.get(d) ?? 0),
      masks: Uint8Array.from(docs, (d) => mask.get(d) ?? 0),
    });
  }
  return {
    terms,
    ids,
    fieldNames,
    acc: new Float64Array(ids.length),
    count: new Uint16Array(ids.length),
  };
}

/** Binary search in an ascending array; -1 when absent. */
function indexOf(sorted: Int32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid] as number;
    if (v === value) return mid;
    if (v < value) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The `k` best items by score, best first (ties by ascending item, i.e. indexing order). */
function topK(items: readonly number[], scoreOf: (item: number) => number, k: number): [number, number][] {
  const best: [number, number][] = [];
  for (const item of items) {
    const score = scoreOf(item);
    if (best.length === k && score <= (best[k - 1]?.[1] ?? 0)) continue;
    let at = best.length;
    while (at > 0 && (best[at - 1]?.[1] ?? 0) < score) at--;
    best.splice(at, 0, [item, score]);
    if (best.length > k) best.pop();
  }
  return best;
}
