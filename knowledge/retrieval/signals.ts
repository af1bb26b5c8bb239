/**
 * Structured signal matching: exact alarm namespace + metric, log patterns against the incident's log
 * templates, resource type, service and category. Alarm and log matches are strong evidence; the rest only
 * ranks runbooks that already have evidence of some kind.
 *
 * Indexed for large corpora: alarms by namespace + metric, log patterns by the first four characters of a
 * literal every match must contain, so a query only runs the regexes that can possibly match.
 */
import { compileLogPattern, type Runbook } from "../corpus/schema.js";
import { requiredLiteral } from "./literal.js";
import type { RetrievalQuery } from "./types.js";

export interface SignalMatch {
  id: string;
  score: number;
  /** True when an alarm metric or a log pattern matched. */
  strong: boolean;
  reasons: string[];
}

/** Weights of each kind of structured evidence. */
export const SIGNAL_WEIGHTS = { alarm: 3, logPattern: 2, resourceType: 0.5, service: 1, category: 1 };
const MAX_PATTERN_MATCHES = 3;
const GRAM = 4;

interface CompiledPattern {
  id: string;
  source: string;
  regex: RegExp;
  literal?: string;
}

interface Compiled {
  runbook: Runbook;
  patterns: CompiledPattern[];
}

const alarmKey = (namespace: string, metric: string) => `${namespace}\u0000${metric}`.toLowerCase();

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** An index of runbook signals, updated incrementally as runbooks change. */
export class SignalIndex {
  private readonly compiled = new Map<string, Compiled>();
  private readonly byAlarm = new Map<string, Set<string>>();
  /** Patterns by the first four characters of their required literal. */
  private readonly byGram = new Map<string, CompiledPattern[]>();
  /** Patterns with no usable literal: always tested. */
  private readonly unfiltered = new Map<string, CompiledPattern[]>();

  add(runbook: Runbook): void {
    this.remove(runbook.id);
    const patterns = runbook.signals.logPatterns.map((source): CompiledPattern => {
      const literal = requiredLiteral(source);
      return { id: runbook.id, source, regex: compileLogPattern(source), ...(literal ? { literal } : {}) };
    });
    this.compiled.set(runbook.id, { runbook, patterns });
    for (const p of patterns) {
      if (p.literal && p.literal.length >= GRAM) addTo(this.byGram, p.literal.slice(0, GRAM), p);
      else addTo(this.unfiltered, runbook.id, p);
    }
    for (const alarm of runbook.signals.alarms) {
      const key = alarmKey(alarm.namespace, alarm.metric);
      const ids = this.byAlarm.get(key) ?? new Set<string>();
      ids.add(runbook.id);
      this.byAlarm.set(key, ids);
    }
  }

  remove(id: string): void {
    const entry = this.compiled.get(id);
    if (!entry) return;
    this.compiled.delete(id);
    this.unfiltered.delete(id);
    for (const p of entry.patterns) {
      if (!p.literal || p.literal.length < GRAM) continue;
      const gram = p.literal.slice(0, GRAM);
      const rest = (this.byGram.get(gram) ?? []).filter((q) => q !== p);
      if (rest.length > 0) this.byGram.set(gram, rest);
      else this.byGram.delete(gram);
    }
    for (const alarm of entry.runbook.signals.alarms) {
      this.byAlarm.get(alarmKey(alarm.namespace, alarm.metric))?.delete(id);
    }
  }

  /** Log patterns that matched, per runbook id (at most three per runbook). */
  private matchPatterns(templates: readonly string[]): Map<string, string[]> {
    const hits = new Map<string, string[]>();
    if (templates.length === 0) return hits;
    const haystack = templates.join("\n").toLowerCase();
    const candidates: CompiledPattern[] = [];
    const seenGrams = new Set<string>();
    for (let i = 0; i + GRAM <= haystack.length; i++) {
      const gram = haystack.slice(i, i + GRAM);
      if (seenGrams.has(gram)) continue;
      seenGrams.add(gram);
      const list = this.byGram.get(gram);
      if (list) candidates.push(...list);
    }
    for (const list of this.unfiltered.values()) candidates.push(...list);
    for (const p of candidates) {
      const found = hits.get(p.id) ?? [];
      if (found.length >= MAX_PATTERN_MATCHES || found.includes(p.source)) continue;
      if (p.literal !== undefined && !haystack.includes(p.literal)) continue;
      if (templates.some((t) => p.regex.test(t))) {
        found.push(p.source);
        hits.set(p.id, found);
      }
    }
    return hits;
  }

  /**
   * Runbooks with structured evidence, best first: every alarm or log-pattern match, plus the weaker
   * resource type / service / category matches for runbooks in `alsoConsider` (e.g. the text hits).
   */
  match(query: RetrievalQuery, alsoConsider: Iterable<string> = []): SignalMatch[] {
    const alarmIds: ReadonlySet<string> =
      query.namespace && query.metric
        ? (this.byAlarm.get(alarmKey(query.namespace, query.metric)) ?? new Set())
        : new Set();
    const patternHits = this.matchPatterns((query.logTemplates ?? []).filter((t) => t.trim() !== ""));
    const ids = new Set<string>([...alarmIds, ...patternHits.keys(), ...alsoConsider]);
    const types = new Set(query.resourceTypes ?? []);
    const out: SignalMatch[] = [];
    for (const id of ids) {
      const entry = this.compiled.get(id);
      if (!entry) continue;
      const { runbook } = entry;
      let score = 0;
      const reasons: string[] = [];
      if (alarmIds.has(id)) {
        score += SIGNAL_WEIGHTS.alarm;
        reasons.push(`alarm metric ${query.namespace} ${query.metric} matches`);
      }
      const patterns = patternHits.get(id) ?? [];
      score += SIGNAL_WEIGHTS.logPattern * patterns.length;
      for (const source of patterns) reasons.push(`log pattern '${source}' matched`);
      const type = runbook.signals.resourceTypes.find((t) => types.has(t));
      if (type) {
        score += SIGNAL_WEIGHTS.resourceType;
        reasons.push(`resource type ${type}`);
      }
      if (query.service && runbook.services !== "*" && runbook.services.includes(query.service)) {
        score += SIGNAL_WEIGHTS.service;
        reasons.push(`written for service ${query.service}`);
      }
      if (query.category && runbook.category === query.category) {
        score += SIGNAL_WEIGHTS.category;
        reasons.push(`category ${query.category}`);
      }
      const strong = alarmIds.has(id) || patterns.length > 0;
      if (score > 0) out.push({ id, score, strong, reasons });
    }
    return out.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  }
}
