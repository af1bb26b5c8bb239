/**
 * Aggregates scenario scores into the summary: rates over every run, detection and escalation
 * precision/recall/F1, pass@1 and pass^k over repeats, medians of simulated time, cost, and the same core
 * rates per scenario category and per expected resolution.
 */
import type { Rates, ScenarioScore, Summary } from "./types.js";

const round = (x: number) => Math.round(x * 1000) / 1000;

/** Mean of the applicable values (null / undefined skipped); null when none apply. */
function mean(values: (number | boolean | null | undefined)[]): number | null {
  const xs = values.filter((v): v is number | boolean => v !== null && v !== undefined).map(Number);
  return xs.length === 0 ? null : round(xs.reduce((a, b) => a + b, 0) / xs.length);
}

function median(values: (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (xs.length === 0) return null;
  const mid = Math.floor(xs.length / 2);
  return xs.length % 2 === 1 ? (xs[mid] ?? null) : round(((xs[mid - 1] ?? 0) + (xs[mid] ?? 0)) / 2);
}

/** Precision, recall and F1 of a binary decision; null where the denominator is zero. */
export function prf(pairs: { expected: boolean; got: boolean }[]) {
  const tp = pairs.filter((p) => p.expected && p.got).length;
  const fp = pairs.filter((p) => !p.expected && p.got).length;
  const fn = pairs.filter((p) => p.expected && !p.got).length;
  const precision = tp + fp === 0 ? null : round(tp / (tp + fp));
  const recall = tp + fn === 0 ? null : round(tp / (tp + fn));
  const f1 =
    precision === null || recall === null
      ? null
      : precision + recall === 0
        ? 0
        : round((2 * precision * recall) / (precision + recall));
  return { precision, recall, f1 };
}

export function rates(scores: ScenarioScore[]): Rates {
  return {
    runs: scores.length,
    passRate: mean(scores.map((s) => s.pass)) ?? 0,
    resolutionAccuracy: mean(scores.map((s) => s.resolutionCorrect)) ?? 0,
    actionCorrectness: mean(scores.map((s) => s.actionCorrect)) ?? 0,
    safetyViolations: scores.reduce((n, s) => n + s.safety.violations.length, 0),
    categoryAccuracy: mean(scores.map((s) => s.categoryCorrect)),
    rcaTop1: mean(scores.map((s) => s.rootCause?.top1)),
    runbookMRR: mean(scores.map((s) => s.runbooks?.reciprocalRank)),
    decisionGrade: mean(scores.map((s) => s.decisionGrade)) ?? 0,
  };
}

function groupBy(scores: ScenarioScore[], key: (s: ScenarioScore) => string): Record<string, Rates> {
  const groups = new Map<string, ScenarioScore[]>();
  for (const s of scores) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
  return Object.fromEntries([...groups.keys()].sort().map((k) => [k, rates(groups.get(k) ?? [])]));
}

export function summarise(scores: ScenarioScore[]): Summary {
  const ids = [...new Set(scores.map((s) => s.id))];
  const repeats = ids.length === 0 ? 0 : Math.max(...scores.map((s) => s.repeat)) + 1;
  const incidents = scores.filter((s) => s.expected.isIncident);
  const detect = prf(scores.map((s) => ({ expected: s.expected.isIncident, got: s.got.isIncident })));
  const escalation = prf(
    scores.map((s) => ({
      expected: s.expected.resolution === "escalate",
      got: s.got.resolution === "escalate",
    })),
  );
  const totals = scores.reduce(
    (c, s) => ({
      modelCalls: c.modelCalls + s.cost.modelCalls,
      inputTokens: c.inputTokens + s.cost.inputTokens,
      outputTokens: c.outputTokens + s.cost.outputTokens,
      usd: c.usd + s.cost.usd,
    }),
    { modelCalls: 0, inputTokens: 0, outputTokens: 0, usd: 0 },
  );
  const factsTotal = scores.reduce((n, s) => n + s.keyFacts.found.length + s.keyFacts.missing.length, 0);
  const factsFound = scores.reduce((n, s) => n + s.keyFacts.found.length, 0);
  return {
    scenarios: ids.length,
    repeats,
    ...rates(scores),
    passAt1: mean(scores.map((s) => s.pass)) ?? 0,
    passHatK: mean(ids.map((id) => scores.filter((s) => s.id === id).every((s) => s.pass))) ?? 0,
    unsafeRuns: scores.filter((s) => s.safety.violations.length > 0).length,
    injectionFailures: scores.reduce((n, s) => n + (s.injection?.violations.length ?? 0), 0),
    injectionRuns: scores.filter((s) => s.injection !== null).length,
    detectionPrecision: detect.precision,
    detectionRecall: detect.recall,
    severityAccuracy: mean(scores.map((s) => s.severityCorrect)),
    severityWithinOne: mean(scores.map((s) => s.severityWithinOne)),
    rcaTop3: mean(scores.map((s) => s.rootCause?.top3)),
    runbookHit1: mean(scores.map((s) => s.runbooks?.hit1)),
    runbookRecall5: mean(scores.map((s) => s.runbooks?.recallAtK)),
    runbookNDCG5: mean(scores.map((s) => s.runbooks?.ndcgAtK)),
    planCorrectness: mean(scores.map((s) => s.planCorrect)),
    escalationPrecision: escalation.precision,
    escalationRecall: escalation.recall,
    escalationF1: escalation.f1,
    recoveryRate: mean(scores.map((s) => s.recovery.met)),
    autoResolutionRate: mean(incidents.map((s) => s.got.outcome === "resolved-automatically")),
    resolvedRate: mean(
      incidents.map(
        (s) => s.got.outcome === "resolved-automatically" || s.got.outcome === "resolved-after-approval",
      ),
    ),
    medianTimeToMitigateSeconds: median(scores.map((s) => s.timeToMitigateSeconds)),
    medianTimeToDecisionSeconds: median(scores.map((s) => s.timeToDecisionSeconds)),
    keyFactRecall: factsTotal === 0 ? null : round(factsFound / factsTotal),
    toolCallsPerIncident: mean(incidents.map((s) => s.toolCalls)),
    investigationGaps: scores.reduce((n, s) => n + (s.investigationGaps?.length ?? 0), 0),
    modelFallbacks: scores.reduce((n, s) => n + s.modelFallbacks, 0),
    cost: {
      ...totals,
      usd: round(totals.usd),
      usdPerIncident: incidents.length === 0 ? 0 : Math.round((totals.usd / incidents.length) * 1e6) / 1e6,
    },
    byCategory: groupBy(scores, (s) => s.category),
    byResolution: groupBy(scores, (s) => s.expected.resolution),
  };
}
