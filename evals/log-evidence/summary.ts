/** Top-1 rate, MRR and the scenarios without a log signal, over the per-scenario results of one look. */
import type { Look, ScenarioResult } from "./measure.js";

/** Which look a summary is about: at the first alarm, or the later one. */
export type LookName = "atAlarm" | "later";

export interface Summary {
  look: LookName;
  /** Scenario runs measured (a scenario once per seed). */
  runs: number;
  /** Runs whose incident window held fault-written lines. */
  withSignal: number;
  /** Runs with a signal whose first evidence item is a true-cause item. */
  top1: number;
  top1Rate: number;
  /** Of those, runs whose first item is a template made mostly of fault lines (not a mixed one). */
  top1Strict: number;
  /** Mean reciprocal rank of the first true-cause item (0 when none is listed) over runs with a signal. */
  mrr: number;
  /** Runs with a signal whose first item is not a true-cause item. */
  misses: string[];
  /** Runs without a signal, and why. */
  noSignal: { run: string; reason: string }[];
}

/** A run's name: the scenario id, with the seed when it is not the scenario's own. */
export function runName(r: ScenarioResult, defaultSeed?: number): string {
  return defaultSeed === undefined || r.seed === defaultSeed ? r.id : `${r.id}#${r.seed}`;
}

/** Why a run had no log signal at a look. */
export function noSignalReason(r: ScenarioResult, look: Look | undefined): string {
  if (r.skipped) return r.skipped;
  if (!look) return "not analysed";
  if (look.elsewhere.length > 0)
    return `fault lines only outside the alarmed service (${look.elsewhere.join(", ")})`;
  return "the fault wrote no log lines";
}

export function summarise(
  results: ScenarioResult[],
  look: LookName,
  name: (r: ScenarioResult) => string = (r) => r.id,
): Summary {
  const withSignal = results.filter((r) => (r[look]?.signalLines ?? 0) > 0);
  const ranks = withSignal.map((r) => r[look]?.rank ?? null);
  const top1 = ranks.filter((rank) => rank === 1).length;
  return {
    look,
    runs: results.length,
    withSignal: withSignal.length,
    top1,
    top1Rate: withSignal.length > 0 ? top1 / withSignal.length : 1,
    top1Strict: withSignal.filter((r) => r[look]?.evidence[0]?.causeBy === "lines").length,
    mrr:
      ranks.length > 0
        ? ranks.reduce<number>((sum, rank) => sum + (rank ? 1 / rank : 0), 0) / ranks.length
        : 1,
    misses: withSignal.filter((r) => r[look]?.rank !== 1).map(name),
    noSignal: results
      .filter((r) => (r[look]?.signalLines ?? 0) === 0)
      .map((r) => ({ run: name(r), reason: noSignalReason(r, r[look]) })),
  };
}
