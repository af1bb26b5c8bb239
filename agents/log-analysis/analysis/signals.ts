/**
 * Statistics behind the ranking: burst tests over trailing windows, line variants within a template (so a
 * rate increase is shown with the lines that caused it), and folding near-identical evidence together.
 */
import type { LogEvidence } from "../schema.js";
import { poissonUpperTail, rateChangeTail } from "./poisson.js";

/** Trailing windows (minutes, ending at the window end) also tested for a burst, besides the whole window. */
export const BURST_MINUTES = [5, 15];

/** Counts of one line variant (the line with its numbers and ids masked) in both windows. */
export interface VariantCounts {
  incident: number;
  baseline: number;
  /** The variant's first incident-window line. */
  sample?: string;
}

/** The line with digit runs and hex ids masked: lines that differ only in numbers share a variant. */
export function variantOf(message: string): string {
  return message.replace(/\b(?=[0-9a-f]*\d)[0-9a-f]{6,}\b/gi, "#").replace(/\d+/g, "#");
}

/**
 * The most surprising of the whole incident window and the trailing burst windows (conditional test of the
 * count in each against the baseline count), Bonferroni-corrected for the number of windows tested. A
 * condition that began shortly before the alarm stands out in a trailing window even when the whole window
 * is long (e.g. it reaches back to a deployment). `mean` is the count the baseline rate predicts there.
 */
export function burstTest(
  counts: { incident: number; baseline: number; times: number[] },
  minutes: { incident: number; baseline: number },
  endMs: number,
): { p: number; k: number; mean: number } {
  const windows = [minutes.incident, ...BURST_MINUTES.filter((m) => m < minutes.incident)];
  let best = { p: Number.POSITIVE_INFINITY, k: 0, mean: 0 };
  for (const length of windows) {
    const from = endMs - length * 60_000;
    const k = length === minutes.incident ? counts.incident : counts.times.filter((t) => t >= from).length;
    const mean = ((counts.baseline + 0.5) / minutes.baseline) * length;
    const p = rateChangeTail(k, counts.baseline, length, minutes.baseline);
    if (p < best.p) best = { p, k, mean };
  }
  return { ...best, p: Math.min(1, best.p * windows.length) };
}

/**
 * The sample that explains a rate increase: the first line of the variant whose rise over its baseline
 * expectation is least likely by chance. Undefined when no variant rose (the template's first line stays).
 */
export function risingSample(variants: Map<string, VariantCounts>, ratio: number): string | undefined {
  let best: { p: number; sample?: string } = { p: 1 };
  for (const v of variants.values()) {
    if (!v.sample || v.incident <= v.baseline * ratio) continue;
    const p = poissonUpperTail(v.incident, (v.baseline + 0.5) * ratio);
    if (p < best.p) best = { p, sample: v.sample };
  }
  return best.sample;
}

/** The template without its level word, for spotting the same message logged at two levels. */
function levelFree(template: string): string {
  return template
    .replace(/^\[?(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\]?\s+/i, "")
    .replace(/\b(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL)\b/g, "<LEVEL>");
}

/**
 * Folds evidence items whose templates differ only in the level word (the same failure logged as WARN on a
 * retry and ERROR when it gives up): the best-scored item stays, with the counts of both.
 */
export function foldNearDuplicates(ranked: LogEvidence[]): LogEvidence[] {
  const kept = new Map<string, LogEvidence>();
  for (const e of ranked) {
    const key = levelFree(e.template);
    const into = kept.get(key);
    if (!into) {
      kept.set(key, { ...e });
      continue;
    }
    into.incidentCount += e.incidentCount;
    into.baselineCount += e.baselineCount;
  }
  return [...kept.values()];
}
