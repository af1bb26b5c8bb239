/** Scores an intake run against the storm's ground truth. */
import { majorityMap, type PairwiseScores, pairwiseScores } from "./metrics.js";
import type { IntakeRun } from "./run.js";
import type { Storm } from "./storm.js";

export const TARGETS = { f1: 0.98, noiseReduction: 0.9 } as const;

export interface BenchResult {
  f1: number;
  precision: number;
  recall: number;
  /** 1 - incidents opened / ALARM deliveries. */
  noiseReduction: number;
  /** The best any intake could do on this storm: 1 - true incidents / ALARM deliveries. */
  bestNoiseReduction: number;
  /** Deliveries per wall-clock second through processIntake on dynalite. */
  eventsPerSecond: number;
  /** parseEvent (parse + normalise + fingerprint) alone, in memory. */
  inMemoryEventsPerSecond: number;
  /** Every delivery: alarms (ALARM and OK), context events and duplicates. */
  events: number;
  /** ALARM notifications of CloudWatch alarms, duplicates included: what grouping is scored on. */
  alarmEvents: number;
  /** Incidents intake opened. */
  incidents: number;
  /** True incidents plus noise singletons (distinct truth ids over ALARM deliveries). */
  trueIncidents: number;
  trueMultiAlarmIncidents: number;
  noiseIncidents: number;
  /** Run starts handed out (one per incident, plus one per reopening after a heal). */
  runStarts: number;
  /** True incidents whose ALARM deliveries went to more than one incident. */
  splitIncidents: number;
  /** Incidents holding ALARM deliveries of more than one true incident. */
  mergedIncidents: number;
  /** ALARM deliveries recorded on no incident (suppressed, rejected or failed). */
  unassignedAlarmEvents: number;
  rejected: number;
  decisions: Record<string, number>;
  /** True flaps marked by intake; `withinWindow`: those whose whole ALARM → OK → ALARM fits the window. */
  flapping: {
    trueFlapping: number;
    detected: number;
    withinWindow: number;
    detectedWithinWindow: number;
    flaggedWithoutTrueFlap: number;
  };
  resolvedAtEnd: { resolved: number; incidents: number };
  context: { events: number; correct: number };
  dynamoRequests: Record<string, number>;
  dynamoRequestsPerEvent: number;
  pairs: Pick<PairwiseScores, "truePositivePairs" | "predictedPairs" | "truePairs">;
  seed: number;
  concurrency: number;
  wallSeconds: number;
  virtualHours: number;
  batches: number;
  targets: typeof TARGETS;
  pass: boolean;
  errors: string[];
}

export function scoreRun(
  storm: Storm,
  run: IntakeRun,
  inMemoryEventsPerSecond: number,
  concurrency: number,
): BenchResult {
  const alarmPairs: [string, string][] = [];
  const decisions: Record<string, number> = {};
  const opened = new Set<string>();
  let runStarts = 0;
  let rejected = 0;
  const errors = new Set<string>();
  let context = 0;
  let contextCorrect = 0;
  const contextChecks: [string | null, string | undefined][] = [];
  for (const event of storm.events) {
    const outcome = run.outcomes[event.seq];
    if (!outcome) throw new Error(`no outcome for event ${event.seq}`);
    for (const kind of outcome.kinds) decisions[kind] = (decisions[kind] ?? 0) + 1;
    if (outcome.kinds.includes("opened") && outcome.incidentId) opened.add(outcome.incidentId);
    if (outcome.startRun) runStarts += 1;
    if (!outcome.ok) {
      rejected += 1;
      if (outcome.error && errors.size < 5) errors.add(outcome.error);
    }
    const { truth } = event;
    if (truth.kind === "alarm" && truth.incident) {
      alarmPairs.push([truth.incident, outcome.incidentId ?? `none:${event.seq}`]);
    } else if (truth.kind === "context") {
      context += 1;
      contextChecks.push([truth.incident, outcome.incidentId]);
    }
  }
  const scores = pairwiseScores(alarmPairs);
  const majority = majorityMap(alarmPairs);
  for (const [truth, predicted] of contextChecks) {
    if (truth === null ? predicted === undefined : majority.get(truth) === predicted) contextCorrect += 1;
  }

  const truthsPerPredicted = new Map<string, Set<string>>();
  const predictedPerTruth = new Map<string, Set<string>>();
  for (const [truth, predicted] of alarmPairs) {
    truthsPerPredicted.set(predicted, (truthsPerPredicted.get(predicted) ?? new Set()).add(truth));
    predictedPerTruth.set(truth, (predictedPerTruth.get(truth) ?? new Set()).add(predicted));
  }
  const count = (map: Map<string, Set<string>>) => [...map.values()].filter((s) => s.size > 1).length;

  const byId = new Map(storm.incidents.map((i) => [i.id, i]));
  const flapped = storm.incidents.filter((i) => i.flapping);
  const marked = flapped.filter((i) => run.incidents.get(majority.get(i.id) ?? "")?.flapping);
  const within = flapped.filter((i) => i.flapWithinWindow);
  const flaggedWithoutTrueFlap = [...run.incidents.values()].filter((inc) => {
    if (!inc.flapping) return false;
    return ![...(truthsPerPredicted.get(inc.id) ?? [])].some((t) => byId.get(t)?.flapping);
  }).length;

  const alarmEvents = alarmPairs.length;
  const trueIncidents = predictedPerTruth.size;
  const noiseReduction = alarmEvents === 0 ? 0 : 1 - opened.size / alarmEvents;
  const result: BenchResult = {
    f1: scores.f1,
    precision: scores.precision,
    recall: scores.recall,
    noiseReduction,
    bestNoiseReduction: alarmEvents === 0 ? 0 : 1 - trueIncidents / alarmEvents,
    eventsPerSecond: storm.events.length / (run.wallMs / 1000),
    inMemoryEventsPerSecond,
    events: storm.events.length,
    alarmEvents,
    incidents: opened.size,
    trueIncidents,
    trueMultiAlarmIncidents: storm.incidents.filter((i) => i.kind === "incident").length,
    noiseIncidents: storm.incidents.filter((i) => i.kind === "noise").length,
    runStarts,
    splitIncidents: count(predictedPerTruth),
    mergedIncidents: count(truthsPerPredicted),
    unassignedAlarmEvents: alarmPairs.filter(([, p]) => p.startsWith("none:")).length,
    rejected,
    decisions,
    flapping: {
      trueFlapping: flapped.length,
      detected: marked.length,
      withinWindow: within.length,
      detectedWithinWindow: marked.filter((i) => i.flapWithinWindow).length,
      flaggedWithoutTrueFlap,
    },
    resolvedAtEnd: {
      resolved: [...run.incidents.values()].filter((i) => i.status === "resolved").length,
      incidents: run.incidents.size,
    },
    context: { events: context, correct: contextCorrect },
    dynamoRequests: run.requests,
    dynamoRequestsPerEvent:
      Object.values(run.requests).reduce((a, b) => a + b, 0) / Math.max(1, storm.events.length),
    pairs: {
      truePositivePairs: scores.truePositivePairs,
      predictedPairs: scores.predictedPairs,
      truePairs: scores.truePairs,
    },
    seed: storm.options.seed,
    concurrency,
    wallSeconds: run.wallMs / 1000,
    virtualHours: (storm.endMs - storm.startMs) / 3_600_000,
    batches: run.batches,
    targets: TARGETS,
    pass: false,
    errors: [...errors],
  };
  result.pass = result.f1 >= TARGETS.f1 && result.noiseReduction >= TARGETS.noiseReduction;
  return result;
}
