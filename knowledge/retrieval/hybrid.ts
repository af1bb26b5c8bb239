/**
 * Hybrid runbook retrieval: structured signals, BM25 text and (optionally) a Bedrock Knowledge Base, fused
 * by reciprocal rank. A runbook is returned only with real evidence: an alarm or log-pattern match, a text
 * match on at least two specific terms that explains a good share of the query, or a confident Knowledge
 * Base hit. Otherwise the answer is [].
 */
import type { RunbookLibrary } from "../corpus/library.js";
import type { Runbook } from "../corpus/schema.js";
import type { BedrockKnowledgeBaseRetriever, KnowledgeBaseResult } from "./bedrock-kb.js";
import { Bm25Index, type TextHit } from "./bm25.js";
import { type RankedList, RRF_K, reciprocalRankFusion } from "./fusion.js";
import { SignalIndex, type SignalMatch } from "./signals.js";
import type { RetrievalQuery, RunbookHit, RunbookRetriever } from "./types.js";

export interface EvidenceRule {
  /** Distinct query terms a text-only hit must match (default 2). */
  minTextTerms: number;
  /** Sum of IDF of the matched terms a text-only hit needs (default 5: two rare terms or several common ones). */
  minTextEvidence: number;
  /** Share of the query's IDF-weighted information a text-only hit must explain (default 0.4). */
  minTextCoverage: number;
  /** Knowledge Base relevance a KB-only hit needs (default 0.5). */
  minKnowledgeBaseScore: number;
}

export const DEFAULT_EVIDENCE: EvidenceRule = {
  minTextTerms: 2,
  minTextEvidence: 5,
  minTextCoverage: 0.4,
  minKnowledgeBaseScore: 0.5,
};

export interface HybridRetrieverOptions {
  library: RunbookLibrary;
  knowledgeBase?: BedrockKnowledgeBaseRetriever;
  /** RRF weight of each list (default 1 each). */
  weights?: Partial<Record<"signals" | "text" | "knowledgeBase", number>>;
  evidence?: Partial<EvidenceRule>;
  rrfK?: number;
  /** Results when the query gives no limit (default 5). */
  defaultLimit?: number;
  /** A failing Knowledge Base never fails a search; the error is reported here and the KB list is skipped. */
  onError?: (error: Error, where: "knowledge-base") => void;
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
  private readonly unsubscribe: () => void;

  constructor(private readonly options: HybridRetrieverOptions) {
    this.evidence = { ...DEFAULT_EVIDENCE, ...options.evidence };
    for (const runbook of options.library.runbooks()) this.index(runbook);
    this.unsubscribe = options.library.onChange((changes) => {
      for (const id of changes.removed) {
        this.text.remove(id);
        this.signals.remove(id);
      }
      for (const runbook of [...changes.added, ...changes.updated]) this.index(runbook);
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
    const text = queryText(query);
    const textHits = this.text.query(text);
    const signalHits = this.signals.match(
      query,
      textHits.map((h) => h.id),
    );
    const kbHits = await this.searchKnowledgeBase(text);
    const kbKeys = kbHits.map((h, i) => this.kbKey(h, i));
    const weights = this.options.weights ?? {};
    const lists: RankedList[] = [
      { name: "signals", items: signalHits, weight: weights.signals ?? 1 },
      { name: "text", items: textHits, weight: weights.text ?? 1 },
      {
        name: "knowledgeBase",
        items: kbHits.map((h, i) => ({ id: kbKeys[i] ?? `kb:${i}`, score: h.score })),
        weight: weights.knowledgeBase ?? 1,
      },
    ];
    const bySignal = new Map(signalHits.map((h) => [h.id, h]));
    const byText = new Map(textHits.map((h) => [h.id, h]));
    const textBar = this.textAdmissionScore(textHits);
    const byKb = new Map(kbHits.map((h, i) => [kbKeys[i] ?? `kb:${i}`, h]));
    const hits: RunbookHit[] = [];
    for (const item of reciprocalRankFusion(lists, this.options.rrfK ?? RRF_K)) {
      const signal = bySignal.get(item.id);
      const textHit = byText.get(item.id);
      const kb = byKb.get(item.id);
      if (!this.hasEvidence(signal, textHit, kb, textBar)) continue;
      const hit = this.toHit(item.id, item.score, signal, textHit, kb);
      if (hit) hits.push(hit);
      if (hits.length >= limit) break;
    }
    return hits;
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
    return kb !== undefined && kb.score >= this.evidence.minKnowledgeBaseScore;
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
  ): RunbookHit | undefined {
    const reasons = [...(signal?.reasons ?? [])];
    if (text && text.matched.length > 0) reasons.push(`text: ${text.matched.slice(0, 6).join(", ")}`);
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
