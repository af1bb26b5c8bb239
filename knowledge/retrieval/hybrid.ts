/**
 * Hybrid runbook retrieval: structured signals, BM25 text, and optionally Bedrock embeddings and a Bedrock
 * Knowledge Base, fused by reciprocal rank. A runbook is returned only with real evidence, judged by the kind
 * of query:
 *
 * - incident-shaped (an alarm metric, namespace or log lines): an alarm or log-pattern match, or a text match
 *   on at least two specific terms that explains a good share of the query;
 * - free text (what people and models type): the hit must explain most of the query's concepts (content
 *   words after filler removal, with the ops vocabulary's synonyms), counting a concept found only in the
 *   body as half;
 *
 * or a confident semantic / Knowledge Base hit. Otherwise the answer is [].
 */
import type { RunbookLibrary } from "../corpus/library.js";
import type { Runbook } from "../corpus/schema.js";
import type { BedrockKnowledgeBaseRetriever, KnowledgeBaseResult } from "./bedrock-kb.js";
import { Bm25Index, DESCRIPTIVE_FIELDS, type TextHit } from "./bm25.js";
import { type RankedList, RRF_K, reciprocalRankFusion } from "./fusion.js";
import type { SemanticIndex, SemanticResult } from "./semantic.js";
import { SignalIndex, type SignalMatch } from "./signals.js";
import type { RetrievalQuery, RunbookHit, RunbookRetriever } from "./types.js";
import { type AnalysedQuery, defaultVocabulary, type Vocabulary } from "./vocabulary.js";

export interface EvidenceRule {
  /** Distinct query terms a text-only hit must match (default 2). */
  minTextTerms: number;
  /** Sum of IDF of the matched terms a text-only hit needs (default 5: two rare terms or several common ones). */
  minTextEvidence: number;
  /** Share of the query's IDF-weighted information a text-only hit must explain (default 0.4). */
  minTextCoverage: number;
  /** Knowledge Base relevance a KB-only hit needs (default 0.5). */
  minKnowledgeBaseScore: number;
  /**
   * Free-text queries: share of the query's concepts (IDF-weighted) the hit must explain; a concept found
   * only in the body counts half (default 0.7).
   */
  minFreeTextCoverage: number;
  /** Cosine similarity a semantic-only hit needs (default 0.55). */
  minSemanticScore: number;
}

export const DEFAULT_EVIDENCE: EvidenceRule = {
  minTextTerms: 2,
  minTextEvidence: 5,
  minTextCoverage: 0.4,
  minKnowledgeBaseScore: 0.5,
  minFreeTextCoverage: 0.7,
  minSemanticScore: 0.55,
};

/**
 * Weight of a typed word no runbook contains ("hammering", "lunch"), as a share of the IDF such a word would
 * have (about 1 against the typical 2-5 of known terms at 60 runbooks; it scales with the corpus): it still
 * counts against coverage, but one odd word does not sink an otherwise clear query.
 */
export const UNKNOWN_CONCEPT_SHARE = 0.2;

/** What a concept found only in a runbook's body counts for, next to one found in its title, aliases... */
export const BODY_ONLY_CREDIT = 0.5;
/** The least coverage an anchored free-text hit needs (see `anchored`). */
export const MIN_ANCHORED_COVERAGE = 0.35;

/** Incident-shaped queries carry an alarm metric, a namespace or log lines; anything else is free text. */
export type QueryKind = "incident" | "free-text";

export function queryKind(query: RetrievalQuery): QueryKind {
  const hasLogs = (query.logTemplates ?? []).some((t) => t.trim() !== "");
  return query.metric || query.namespace || hasLogs ? "incident" : "free-text";
}

export interface HybridRetrieverOptions {
  library: RunbookLibrary;
  knowledgeBase?: BedrockKnowledgeBaseRetriever;
  /** Embedding search (Bedrock Titan Text Embeddings v2); off unless given. */
  semantic?: SemanticIndex;
  /** The ops vocabulary free-text queries are expanded with (default: the shipped `vocabulary.yaml`). */
  vocabulary?: Vocabulary;
  /** RRF weight of each list (default 1 each). */
  weights?: Partial<Record<"signals" | "text" | "knowledgeBase" | "semantic", number>>;
  evidence?: Partial<EvidenceRule>;
  rrfK?: number;
  /** Results when the query gives no limit (default 5). */
  defaultLimit?: number;
  /** A failing Knowledge Base or embedding call never fails a search; it is reported here and skipped. */
  onError?: (error: Error, where: "knowledge-base" | "semantic") => void;
}

/** Bounds on untrusted query input, so a flood of huge log lines cannot make a search slow. */
export const QUERY_LIMITS = { templates: 100, templateChars: 2_000, textChars: 10_000 };

/** The query with its log templates and text cut to `QUERY_LIMITS`. */
export function boundQuery(query: RetrievalQuery): RetrievalQuery {
  const templates = query.logTemplates
    ?.slice(0, QUERY_LIMITS.templates)
    .map((t) => t.slice(0, QUERY_LIMITS.templateChars));
  return {
    ...query,
    text: query.text.slice(0, QUERY_LIMITS.textChars),
    ...(templates ? { logTemplates: templates } : {}),
  };
}

/** The text BM25 and the Knowledge Base search with: free text, the alarm metric and the log templates. */
export function queryText(query: RetrievalQuery): string {
  return [query.text, query.metric ?? "", ...(query.logTemplates ?? [])].filter(Boolean).join("\n");
}

export class HybridRetriever implements RunbookRetriever {
  private readonly text = new Bm25Index();
  private readonly signals = new SignalIndex();
  private readonly evidence: EvidenceRule;
  private readonly vocabulary: Vocabulary;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: HybridRetrieverOptions) {
    this.evidence = { ...DEFAULT_EVIDENCE, ...options.evidence };
    this.vocabulary = options.vocabulary ?? defaultVocabulary();
    for (const runbook of options.library.runbooks()) this.index(runbook);
    this.unsubscribe = options.library.onChange((changes) => {
      for (const id of changes.removed) {
        this.text.remove(id);
        this.signals.remove(id);
      }
      for (const runbook of [...changes.added, ...changes.updated]) this.index(runbook);
      options.semantic
        ?.sync(options.library.runbooks())
        .catch((error: unknown) => options.onError?.(error as Error, "semantic"));
    });
  }

  get library(): RunbookLibrary {
    return this.options.library;
  }

  private index(runbook: Runbook): void {
    this.text.add(runbook);
    this.signals.add(runbook);
  }

  /** Re-reads changed runbooks from every source and updates the index. */
  reload() {
    return this.options.library.reload();
  }

  /** Stops listening to the library (and its polling). */
  close(): void {
    this.unsubscribe();
    this.options.library.stopPolling();
  }

  async search(input: RetrievalQuery): Promise<RunbookHit[]> {
    const query = boundQuery(input);
    const limit = query.limit ?? this.options.defaultLimit ?? 5;
    if (limit <= 0) return [];
    const kind = queryKind(query);
    const text = queryText(query);
    const analysed = kind === "free-text" ? this.vocabulary.analyse(query.text) : undefined;
    const textHits = analysed ? this.text.queryWeighted(analysed.weights) : this.text.query(text);
    if (analysed) for (const hit of textHits) this.judgeFreeText(hit, analysed);
    const signalHits = this.signals.match(
      query,
      textHits.map((h) => h.id),
    );
    const [kbHits, semanticHits] = await Promise.all([
      this.searchKnowledgeBase(text),
      this.searchSemantic(query.text || text),
    ]);
    const kbKeys = kbHits.map((h, i) => this.kbKey(h, i));
    const weights = this.options.weights ?? {};
    const lists: RankedList[] = [
      { name: "signals", items: signalHits, weight: weights.signals ?? 1 },
      { name: "text", items: textHits, weight: weights.text ?? 1 },
      { name: "semantic", items: semanticHits, weight: weights.semantic ?? 1 },
      {
        name: "knowledgeBase",
        items: kbHits.map((h, i) => ({ id: kbKeys[i] ?? `kb:${i}`, score: h.score })),
        weight: weights.knowledgeBase ?? 1,
      },
    ];
    const bySignal = new Map(signalHits.map((h) => [h.id, h]));
    const byText = new Map(textHits.map((h) => [h.id, h]));
    const bySemantic = new Map(semanticHits.map((h) => [h.id, h]));
    const textBar = analysed ? Number.NEGATIVE_INFINITY : this.textAdmissionScore(textHits);
    const byKb = new Map(kbHits.map((h, i) => [kbKeys[i] ?? `kb:${i}`, h]));
    const admitted = (id: string) =>
      analysed
        ? this.freeTextPasses(byText.get(id), analysed.concepts.length) ||
          this.semanticPasses(bySemantic.get(id)) ||
          this.kbPasses(byKb.get(id))
        : this.hasEvidence(bySignal.get(id), byText.get(id), byKb.get(id), textBar) ||
          this.semanticPasses(bySemantic.get(id));
    // Only admitted runbooks take part in the fusion: hits below the admission bar are not evidence, and a
    // list whose hits were all refused must not dilute the normalisation of the ones that were admitted.
    const evidence = lists.map((l) => ({ ...l, items: l.items.filter((i) => admitted(i.id)) }));
    const hits: RunbookHit[] = [];
    for (const item of reciprocalRankFusion(evidence, this.options.rrfK ?? RRF_K)) {
      const signal = bySignal.get(item.id);
      const textHit = byText.get(item.id);
      const kb = byKb.get(item.id);
      const semantic = bySemantic.get(item.id);
      const hit = this.toHit(item.id, item.score, signal, textHit, kb, semantic);
      if (hit) hits.push(hit);
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /**
   * Sets a free-text hit's coverage: the share of the query's concepts it explains, each concept weighted by
   * the IDF of its rarest term; a concept matched only in the body counts `BODY_ONLY_CREDIT`.
   */
  private judgeFreeText(hit: TextHit, analysed: AnalysedQuery): void {
    let total = 0;
    let explained = 0;
    const surfaces: string[] = [];
    const unknownWeight = UNKNOWN_CONCEPT_SHARE * this.text.idf("\u0000");
    let descriptive = 0;
    let vocabulary = false;
    for (const concept of analysed.concepts) {
      const known = concept.terms.filter((t) => this.text.frequency(t) > 0);
      const weight = known.length > 0 ? Math.max(...known.map((t) => this.text.idf(t))) : unknownWeight;
      total += weight;
      let credit = 0;
      for (const term of [...concept.terms, ...concept.synonyms]) {
        const fields = hit.fields[term];
        if (!fields) continue;
        credit = fields.some((f) => DESCRIPTIVE_FIELDS.has(f)) ? 1 : Math.max(credit, BODY_ONLY_CREDIT);
        if (credit === 1) break;
      }
      if (credit === 1) {
        descriptive += 1;
        // A concept the ops vocabulary knows (it has synonyms there) is a term of our domain.
        if (concept.synonyms.length > 0) vocabulary = true;
      }
      explained += weight * credit;
      if (credit > 0) surfaces.push(concept.surface.toLowerCase());
    }
    hit.coverage = total > 0 ? explained / total : 0;
    hit.matched = surfaces;
    hit.anchors = { descriptive, vocabulary };
  }

  /**
   * The coverage a free-text hit needs: `minFreeTextCoverage` for up to three concepts (a short phrase must
   * be explained almost whole), easing by 0.07 per further concept down to 0.35 (a sentence carries words
   * no runbook will share), with at least two concepts explained then.
   */
  private freeTextPasses(text: TextHit | undefined, concepts: number): boolean {
    if (!text) return false;
    if (this.anchored(text)) return true;
    if (concepts <= 3) return text.coverage >= this.evidence.minFreeTextCoverage;
    const bar = Math.max(0.35, this.evidence.minFreeTextCoverage - 0.07 * (concepts - 3));
    return text.matched.length >= 2 && text.coverage >= bar;
  }

  /**
   * A second, structural way in: the hit explains, in its curated fields (title, aliases, symptoms, signals),
   * a term of the ops vocabulary or two distinct concepts of the query, and at least `minAnchoredCoverage` of
   * it. People's short queries carry words no runbook shares ("keeps climbing on the api box"); what marks
   * them as ours is a domain term where the runbook describes itself. Queries about lunch or vacation match,
   * at most, one everyday word there.
   */
  private anchored(text: TextHit): boolean {
    const a = text.anchors;
    if (!a || text.coverage < MIN_ANCHORED_COVERAGE) return false;
    return a.vocabulary || a.descriptive >= 2;
  }

  private semanticPasses(hit: SemanticResult | undefined): boolean {
    return hit !== undefined && hit.score >= this.evidence.minSemanticScore;
  }

  private kbPasses(kb: KnowledgeBaseResult | undefined): boolean {
    return kb !== undefined && kb.score >= this.evidence.minKnowledgeBaseScore;
  }

  /** True when a text hit on its own clears the evidence bar. */
  private textPasses(text: TextHit): boolean {
    const e = this.evidence;
    return (
      text.matched.length >= e.minTextTerms &&
      text.evidence >= e.minTextEvidence &&
      text.coverage >= e.minTextCoverage
    );
  }

  /**
   * The BM25 score a text hit needs to be admitted: the lowest score among hits that clear the evidence
   * bar. Once the query is known to have a text answer, a runbook BM25 scores higher than an admitted one
   * is never dropped. Infinity when no text hit clears the bar.
   */
  private textAdmissionScore(hits: readonly TextHit[]): number {
    let bar = Number.POSITIVE_INFINITY;
    for (const hit of hits) if (this.textPasses(hit)) bar = Math.min(bar, hit.score);
    return bar;
  }

  private hasEvidence(
    signal: SignalMatch | undefined,
    text: TextHit | undefined,
    kb: KnowledgeBaseResult | undefined,
    textBar: number,
  ): boolean {
    if (signal?.strong) return true;
    if (text && text.matched.length >= this.evidence.minTextTerms && text.score >= textBar) return true;
    return this.kbPasses(kb);
  }

  private async searchSemantic(text: string): Promise<SemanticResult[]> {
    if (!this.options.semantic || !text.trim()) return [];
    try {
      return await this.options.semantic.search(text);
    } catch (error) {
      this.options.onError?.(error as Error, "semantic");
      return [];
    }
  }

  private async searchKnowledgeBase(text: string): Promise<KnowledgeBaseResult[]> {
    if (!this.options.knowledgeBase) return [];
    try {
      return await this.options.knowledgeBase.retrieve(text);
    } catch (error) {
      this.options.onError?.(error as Error, "knowledge-base");
      return [];
    }
  }

  /** A KB result's key in fusion: the library runbook it names, or a key of its own. */
  private kbKey(result: KnowledgeBaseResult, index: number): string {
    const library = this.options.library;
    if (result.runbookId && library.get(result.runbookId)) return result.runbookId;
    if (result.uri) {
      const match = library.runbooks().find((r) => r.origin === result.uri);
      if (match) return match.id;
    }
    return `kb:${result.uri ?? result.runbookId ?? index}`;
  }

  private toHit(
    id: string,
    score: number,
    signal?: SignalMatch,
    text?: TextHit,
    kb?: KnowledgeBaseResult,
    semantic?: SemanticResult,
  ): RunbookHit | undefined {
    const reasons = [...(signal?.reasons ?? [])];
    if (text && text.matched.length > 0) reasons.push(`text: ${text.matched.slice(0, 6).join(", ")}`);
    if (semantic) reasons.push(`semantic match (similarity ${semantic.score.toFixed(2)})`);
    if (kb) reasons.push(`knowledge base match (relevance ${kb.score.toFixed(2)})`);
    const rounded = Math.round(score * 1000) / 1000;
    const runbook = this.options.library.get(id);
    if (runbook) {
      return {
        runbookId: runbook.id,
        title: runbook.title,
        category: runbook.category,
        score: rounded,
        reasons,
        actions: runbook.actions,
        ...(runbook.escalation ? { escalationTeam: runbook.escalation.team } : {}),
        source: runbook.source,
      };
    }
    if (!kb) return undefined;
    return {
      runbookId: kb.runbookId ?? id,
      title: kb.title,
      category: kb.category ?? "unknown",
      score: rounded,
      reasons,
      actions: [],
      source: "knowledge-base",
    };
  }
}
