/**
 * Measures the log evidence against the truth: for one scenario, the log-analysis reasoner runs at the first
 * alarm and again some minutes later (logs lag), and each ranked evidence item is judged a true-cause item
 * when the scenario's faults wrote most of its template's incident-window lines, or most of the rise of
 * those lines over the baseline rate, or the sample line it is shown with (the last two: a fault's lines
 * sharing a template with everyday chatter).
 */

import { readdir } from "node:fs/promises";
import { DrainTemplateMiner, type TemplateMiner } from "../../agents/log-analysis/analysis/templates.js";
import { textForMining } from "../../agents/log-analysis/mining/structured-line.js";
import { analyseLogsByRules } from "../../agents/log-analysis/rules.js";
import type { LogEvidence } from "../../agents/log-analysis/schema.js";
import { serviceOf } from "../../agents/shared/incident-facts.js";
import type { Incident, LogEvent } from "../../tools/domain/index.js";
import { CollectingNotifier } from "../../tools/local/collecting-notifier.js";
import { MemoryReports } from "../../tools/local/file-reports.js";
import { MemoryAudit } from "../../tools/local/memory-audit.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import type { LogQuery, Ports } from "../../tools/ports.js";
import { incidentAtFirstAlarm } from "../../tools/sandbox/index.js";
import { loadScenario, type Scenario } from "../scenario/index.js";
import { runName } from "./summary.js";
import { captureFaultLines, type FaultLines } from "./truth.js";

export const SCENARIO_DIR = new URL("../scenarios/", import.meta.url);
/** Minutes after the first alarm of the second look. */
export const DEFAULT_LAG_MINUTES = 5;

/** One analysis run judged against the fault lines. */
export interface Look {
  /** Minutes after the first alarm. */
  atMinute: number;
  /** Fault-written lines in the incident window the reasoner read (0: no log signal). */
  signalLines: number;
  /** Log groups outside the alarmed service's own where the faults had written lines (e.g. a caller's). */
  elsewhere: string[];
  incidentLines: number;
  /** 1-based rank of the first true-cause evidence item; null when none made the list. */
  rank: number | null;
  top1: boolean;
  evidence: Judged[];
}

/** One evidence item and the verdict on it. */
export interface Judged {
  kind: LogEvidence["kind"];
  score: number;
  /** True when the faults wrote most of the template's incident-window lines or most of its rise, or the
   * item's sample line (a mixed template shown by its rising variant). */
  cause: boolean;
  /** "lines": most of its lines are fault lines; "excess": most of its rise over the baseline rate is;
   * "sample": the line it is shown with is one. */
  causeBy?: "lines" | "excess" | "sample";
  template: string;
  sample: string;
}

export interface ScenarioResult {
  id: string;
  seed: number;
  faults: string[];
  /** Why the scenario was not analysed (no fault, no alarm); absent when it was. */
  skipped?: string;
  atAlarm?: Look;
  later?: Look;
}

/** A Drain miner that also remembers which cluster each line went to. */
class RecordingMiner implements TemplateMiner {
  private readonly inner = new DrainTemplateMiner();
  readonly clusterOf = new Map<string, string | number>();

  add(line: string) {
    const out = this.inner.add(line);
    this.clusterOf.set(line, out.clusterId);
    return out;
  }
  resolve(id: string | number) {
    return this.inner.resolve(id);
  }
  templateOf(id: string | number) {
    return this.inner.templateOf(id);
  }
  /** The final template of the cluster a line went to. */
  templateOfLine(line: string): string | undefined {
    const id = this.clusterOf.get(line);
    return id === undefined ? undefined : this.inner.templateOf(this.inner.resolve(id));
  }
}

/** Ports whose log queries are remembered, so the incident window's lines can be judged afterwards. */
function recordingLogs(ports: Ports): { ports: Ports; queries: { query: LogQuery; events: LogEvent[] }[] } {
  const queries: { query: LogQuery; events: LogEvent[] }[] = [];
  return {
    queries,
    ports: {
      ...ports,
      logs: {
        async query(query) {
          const events = await ports.logs.query(query);
          queries.push({ query, events });
          return events;
        },
      },
    },
  };
}

async function look(ports: Ports, incident: Incident, truth: FaultLines, atMinute: number): Promise<Look> {
  const rec = recordingLogs(ports);
  const miner = new RecordingMiner();
  const findings = await analyseLogsByRules(rec.ports, incident, miner);
  const now = ports.clock.now().getTime();
  const incidentQuery = rec.queries.find((q) => q.query.end.getTime() === now);
  const baselineQuery = rec.queries.find((q) => q !== incidentQuery);
  const lines = incidentQuery?.events ?? [];
  const span = (q?: { query: LogQuery }) => (q ? q.query.end.getTime() - q.query.start.getTime() : 0);
  // Baseline lines expected in the incident window per baseline line.
  const ratio = span(baselineQuery) > 0 ? span(incidentQuery) / span(baselineQuery) : 0;
  // Per template: incident-window lines, and how many of them the faults wrote.
  const tally = new Map<string, { all: number; fault: number }>();
  for (const line of lines) {
    // The analysis mines a JSON line as its flattened text: look the line up the same way.
    const template = miner.templateOfLine(textForMining(line.message));
    if (template === undefined) continue;
    const t = tally.get(template) ?? { all: 0, fault: 0 };
    t.all++;
    if (truth.has(line)) t.fault++;
    tally.set(template, t);
  }
  const evidence = findings.evidence.map((e) => {
    const t = tally.get(e.template) ?? { all: 0, fault: 0 };
    const excess = t.all - e.baselineCount * ratio;
    const sampleIsFault = lines.some((l) => textForMining(l.message).startsWith(e.sample) && truth.has(l));
    const causeBy: Judged["causeBy"] =
      t.fault === 0
        ? undefined
        : 2 * t.fault >= t.all
          ? "lines"
          : 2 * t.fault >= excess && excess > 0
            ? "excess"
            : sampleIsFault
              ? "sample"
              : undefined;
    return {
      kind: e.kind,
      score: e.score,
      cause: causeBy !== undefined,
      ...(causeBy ? { causeBy } : {}),
      template: e.template,
      sample: e.sample,
    };
  });
  const index = evidence.findIndex((e) => e.cause);
  const own = new Set(
    (
      await ports.logs.query({
        service: serviceOf(incident),
        start: new Date(0),
        end: new Date(now),
        limit: 1e7,
      })
    )
      .filter((l) => truth.has(l))
      .map((l) => l.logGroup),
  );
  return {
    atMinute,
    signalLines: lines.filter((l) => truth.has(l)).length,
    elsewhere: [...truth.groupsBefore(now).keys()].filter((g) => !own.has(g)),
    incidentLines: lines.length,
    rank: index < 0 ? null : index + 1,
    top1: index === 0,
    evidence,
  };
}

/** The scenario run to its first ALARM, with an incident built from that alarm (as intake would). */
async function atFirstAlarm(scenario: Scenario) {
  return incidentAtFirstAlarm(scenario, `log-evidence-${scenario.metadata.id}`);
}

/** Loads a bundled scenario, optionally with another seed (same faults, different randomness). */
export async function scenarioById(id: string, seed?: number): Promise<Scenario> {
  const scenario = await loadScenario(new URL(`${id}.yaml`, SCENARIO_DIR).pathname);
  return seed === undefined ? scenario : { ...scenario, metadata: { ...scenario.metadata, seed } };
}

/** Runs a scenario to its first alarm and judges the log evidence there and `lagMinutes` later. */
export async function measureScenario(
  scenario: Scenario,
  lagMinutes = DEFAULT_LAG_MINUTES,
): Promise<ScenarioResult> {
  const id = scenario.metadata.id;
  const seed = scenario.metadata.seed;
  const faults = scenario.faults.map((f) => f.kind);
  if (faults.length === 0) return { id, seed, faults, skipped: "no fault" };
  // Fault-line truth needs the faults' own lines; these scenarios write their symptoms themselves.
  if (scenario.faults.every((f) => f.quietLogs))
    return { id, seed, faults, skipped: "quiet faults: the scenario writes its own log lines" };
  const { result, lines } = await captureFaultLines(() => atFirstAlarm(scenario));
  if (!result) return { id, seed, faults, skipped: "no alarm" };
  const { sandbox, incident } = result;
  const ports: Ports = {
    ...sandbox.ports,
    outcomes: new MemoryOutcomes(),
    audit: new MemoryAudit(),
    notifier: new CollectingNotifier(),
    reports: new MemoryReports(),
  };
  const atAlarm = await look(ports, incident, lines, 0);
  sandbox.advance(lagMinutes);
  const later = await look(ports, incident, lines, lagMinutes);
  return { id, seed, faults, atAlarm, later };
}

/** Scenario ids (file names without `.yaml`), sorted. */
export async function scenarioIds(): Promise<string[]> {
  return (await readdir(SCENARIO_DIR))
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** Seed of the k-th extra run of a scenario (k ≥ 1): same faults, different randomness. */
export function derivedSeed(seed: number, k: number): number {
  return seed * 7919 + k;
}

/** Every scenario (or the chosen ones), each with its own seed and `seeds - 1` derived ones. */
export async function measureAll(
  options: { lagMinutes?: number; seeds?: number; ids?: string[] } = {},
): Promise<{ results: ScenarioResult[]; names: Map<ScenarioResult, string> }> {
  const results: ScenarioResult[] = [];
  const names = new Map<ScenarioResult, string>();
  for (const id of options.ids ?? (await scenarioIds())) {
    const scenario = await scenarioById(id);
    for (let k = 0; k < Math.max(1, options.seeds ?? 1); k++) {
      const run = k === 0 ? scenario : await scenarioById(id, derivedSeed(scenario.metadata.seed, k));
      const result = await measureScenario(run, options.lagMinutes ?? DEFAULT_LAG_MINUTES);
      results.push(result);
      names.set(result, runName(result, scenario.metadata.seed));
    }
  }
  return { results, names };
}
