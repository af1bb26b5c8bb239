/**
 * The metamorphic variant generator: from one scenario, variant K under seed S keeps the truth (same faults,
 * same ground truth with every id remapped) and changes the surface — service and resource names and ids,
 * account and region, the date, the fault's start and rates within its kind's bounds, normal traffic, the
 * simulator's noise seed, extra noise (an innocent deploy, other services' errors, retried requests, an
 * unrelated long-standing alarm), and
 * how every service writes its logs (a dialect per service, one wording per fault line from the paraphrase
 * table). Same (scenario, S, K) → the same variant, bit for bit.
 *
 * Nothing here reaches the responder as a label: the scenario keeps its id, and the only channel into the
 * simulated account is the scenario data plus `renderLog`, which rewrites a line's text and nothing else.
 */
import type { LogEvent } from "../../tools/domain/index.js";
import type { SandboxOptions } from "../../tools/sandbox/index.js";
import { createSandbox } from "../../tools/sandbox/index.js";
import type { Scenario } from "../scenario/index.js";
import { parseScenario } from "../scenario/index.js";
import type { Dialect } from "./dialects.js";
import { DIALECTS, parseJavaLine, render } from "./dialects.js";
import type { AddedNoise } from "./noise.js";
import { extraNoise, unrelatedAlarm } from "./noise.js";
import { paraphrase } from "./paraphrase.js";
import { buildRenameMap, mapStrings, renamer } from "./rename.js";
import { intIn, pickOne, seedOf, streamOf } from "./rng.js";

export interface VariantInfo {
  /** The scenario's id (unchanged in the variant). */
  scenario: string;
  /** 1-based variant number. */
  index: number;
  /** The run's variant seed (`--seed`). */
  seed: number;
  /** Old name or id → new one. */
  renamed: Record<string, string>;
  account: string;
  region: string;
  /** Minutes the whole timeline moved (a different date and time of day). */
  timeShiftMinutes: number;
  /** Minutes the fault's start moved. */
  faultShiftMinutes: number;
  /**
   * False when the fault rates and traffic kept their values and no unrelated alarm was added (the
   * jittered story did not hold: another alarm would have fired first).
   */
  dynamicsJittered: boolean;
  /** Scale of the metrics' seeded noise (1 = the simulator's own). */
  metricNoise: number;
  /** True when alarm descriptions were replaced by their bare conditions. */
  bareAlarmDescriptions: boolean;
  /** The unrelated, long-standing alarm added, if any. */
  unrelatedAlarm?: string;
  innocentDeploy?: AddedNoise["innocentDeploy"];
  /** Extra noise lines added (before repeats). */
  noiseLines: number;
}

export interface Variant {
  scenario: Scenario;
  sandbox: SandboxOptions;
  info: VariantInfo;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CLOCK_OR_WEEKDAY = /\b([01]?\d|2[0-3]):[0-5]\d\b|\b(mon|tue|wed|thu|fri|sat|sun)(day)?\b/i;
const INT_TIMING_PARAMS = ["rampMinutes", "rolloutMinutes", "batchMinutes"];
const RATE_PARAMS = ["ratePerMinute", "errorRate"];

/** Moves a timestamp (or a whole date, by whole days) by `minutes`; any other string is returned as is. */
function shiftIso(value: string, minutes: number): string {
  if (DATE.test(value)) {
    const days = Math.floor(minutes / 1440);
    return new Date(Date.parse(`${value}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  }
  if (!ISO.test(value)) return value;
  return new Date(Date.parse(value) + minutes * 60_000).toISOString().replace(".000Z", "Z");
}

/**
 * True when some string (other than a full timestamp) names a clock time or a weekday — a freeze window,
 * a change calendar — which a time-of-day shift would move the incident in or out of.
 */
function hasClockTimes(node: unknown): boolean {
  if (typeof node === "string") return !ISO.test(node) && CLOCK_OR_WEEKDAY.test(node);
  if (Array.isArray(node)) return node.some(hasClockTimes);
  if (node && typeof node === "object") return Object.values(node).some(hasClockTimes);
  return false;
}

/** Rates and timings of the fault moved within its kind's bounds (the kind's schema re-checks them). */
function jitterDynamics(scenario: Scenario, rand: () => number): void {
  for (const fault of scenario.faults) {
    for (const key of INT_TIMING_PARAMS) {
      const v = fault.params[key];
      if (typeof v === "number") fault.params[key] = Math.max(1, v + intIn(rand, -1, 1));
    }
    for (const key of RATE_PARAMS) {
      const v = fault.params[key];
      // Error rates under 10 % sit near the severity rubric's 5 % line: they stay as written.
      if (typeof v !== "number" || (key === "errorRate" && v < 0.1)) continue;
      const moved = v * (0.85 + rand() * 0.35);
      fault.params[key] = key === "errorRate" ? Math.min(0.9, moved) : moved;
    }
  }
  for (const service of scenario.environment.services) {
    if (!service.external) {
      service.traffic.requestsPerMinute = Math.round(
        service.traffic.requestsPerMinute * (0.85 + rand() * 0.35),
      );
    }
  }
}

const SYMBOL: Record<string, string> = {
  GreaterThanThreshold: ">",
  GreaterThanOrEqualToThreshold: ">=",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "<=",
};

/** An alarm's condition in words, as the console shows it. */
function conditionOf(t: Scenario["triggers"][number]): string {
  const m = t.datapointsToAlarm ?? t.evaluationPeriods;
  return `${t.metric.name} ${SYMBOL[t.comparison] ?? t.comparison} ${t.threshold} for ${m} datapoints within ${(t.evaluationPeriods * t.periodSeconds) / 60} minutes`;
}

/** The longest alarm period in the scenario, in whole minutes (at least 1). */
function alarmPeriodMinutes(scenario: Scenario): number {
  const periods = scenario.triggers.map((t) => Math.ceil(t.periodSeconds / 60));
  return Math.max(1, ...periods);
}

/** The first alarm that fires (name) and whether any does, to check a variant tells the same story. */
function firstAlarm(scenario: Scenario, options: SandboxOptions): string | undefined {
  const sandbox = createSandbox(scenario, options);
  const events = sandbox.runUntilAlarm({ maxMinutes: Math.min(60, scenario.timeline.durationMinutes) });
  return events.find((e) => e.detail.state.value === "ALARM")?.detail.alarmName;
}

function build(original: Scenario, index: number, seed: number, jitter: boolean): Variant {
  const id = original.metadata.id;
  const stream = (purpose: string) => streamOf("variant", seed, id, index, purpose);
  const map = buildRenameMap(original, stream("names"));
  const rename = renamer(map);
  // Whole weeks keep weekdays; the time of day moves too unless a string names clock times or weekdays, and
  // only by whole alarm periods: periods align to the clock, so any other shift moves a period boundary
  // across the fault and changes what the alarm saw (a burst that ended inside one period could span two).
  const period = alarmPeriodMinutes(original);
  const timeOfDay = hasClockTimes(original)
    ? 0
    : Math.round(intIn(stream("time-of-day"), -600, 600) / period) * period;
  const timeShift = intIn(stream("time"), 1, 100) * 7 * 1440 + timeOfDay;
  const draft = mapStrings(original, (v) => shiftIso(rename(v), timeShift)) as Scenario;
  const scenario = structuredClone(draft);

  // The fault's start and, when the story allows it, its rates and the normal traffic.
  const shift = intIn(stream("fault-shift"), -2, 4);
  const fsm = scenario.timeline.faultStartMinute;
  const newStart = Math.max(1, fsm + shift);
  scenario.timeline.faultStartMinute = newStart;
  for (const fault of scenario.faults) {
    if (fault.startMinute !== undefined && fault.startMinute >= 0)
      fault.startMinute = Math.max(1, fault.startMinute + shift);
  }
  scenario.timeline.durationMinutes += Math.max(0, shift);
  if (jitter) jitterDynamics(scenario, stream("dynamics"));
  scenario.metadata.seed = seedOf("variant-world", seed, id, index) % 2_147_483_647;

  // Lines the scenario plants itself (decoys, hostile text) stay verbatim: scorers look for them.
  const planted = new Set(scenario.noise.logLines.map((l) => l.message));
  const noise = extraNoise(scenario, stream("noise"));
  scenario.noise.changes.push(...noise.changes);
  scenario.noise.logLines.push(...noise.logLines);
  // Half the variants keep the author's alarm descriptions (renamed); the others show what CloudWatch
  // shows for an alarm without one: its condition.
  const bareAlarms = stream("descriptions")() < 0.5;
  if (bareAlarms) for (const t of scenario.triggers) t.description = conditionOf(t);
  const alarm = jitter ? unrelatedAlarm(scenario, stream("alarm")) : undefined;
  if (alarm && !scenario.triggers.some((t) => t.name === alarm.name)) scenario.triggers.push(alarm);
  const earliest = Math.min(0, ...scenario.noise.changes.map((c) => c.minute));
  scenario.timeline.historyMinutes = Math.max(scenario.timeline.historyMinutes, 15 - earliest);

  const valid = parseScenario(scenario, `${id} variant ${index}`);
  // Louder metric noise (1x to 2.5x the simulator's own), part of the dynamics the story check guards.
  const metricNoise = jitter ? Math.round((1 + stream("metric-noise")() * 1.5) * 100) / 100 : 1;
  const wordingSeed = seedOf("wording", seed, id, index);
  const dialectFor = (group: string): Dialect =>
    pickOne(streamOf("dialect", seed, id, index, group), DIALECTS);
  const renderLog = (line: LogEvent): LogEvent => {
    if (planted.has(line.message)) return line;
    const parsed = parseJavaLine(line.message);
    // ECS service events are AWS's text, not the application's: they keep their shape.
    if (!parsed || parsed.thread === "ecs-agent") return line;
    const message = paraphrase(parsed.message, (entry, count) => seedOf(wordingSeed, entry) % count);
    const service = line.logGroup.split("/").pop() ?? line.logGroup;
    const rand = streamOf("line", wordingSeed, line.time, line.message);
    const text = render(
      dialectFor(line.logGroup),
      { ...parsed, message },
      {
        time: line.time,
        service,
        stream: line.stream,
        rand,
      },
    );
    return { ...line, message: text };
  };
  return {
    scenario: valid,
    sandbox: { renderLog, ...(metricNoise !== 1 ? { metricNoise } : {}) },
    info: {
      scenario: id,
      index,
      seed,
      renamed: Object.fromEntries(map.tokens),
      account: map.account,
      region: map.region,
      timeShiftMinutes: timeShift,
      faultShiftMinutes: newStart - fsm,
      dynamicsJittered: jitter,
      bareAlarmDescriptions: bareAlarms,
      metricNoise,
      ...(noise.innocentDeploy ? { innocentDeploy: noise.innocentDeploy } : {}),
      ...(alarm ? { unrelatedAlarm: alarm.name } : {}),
      noiseLines: noise.logLines.length,
    },
  };
}

/**
 * Variant `index` (1-based) of `scenario` under `seed`. With `checkStory` (default), a variant whose jittered
 * rates change which alarm fires first (or whether one fires) is rebuilt with the original rates.
 */
export function deriveVariant(
  scenario: Scenario,
  index: number,
  seed: number,
  options: { checkStory?: boolean } = {},
): Variant {
  if (!Number.isInteger(index) || index < 1) throw new Error(`variant index must be 1 or more, got ${index}`);
  const jittered = build(scenario, index, seed, true);
  if (options.checkStory === false) return jittered;
  const plain = build(scenario, index, seed, false);
  const expected = firstAlarm(plain.scenario, plain.sandbox);
  return firstAlarm(jittered.scenario, jittered.sandbox) === expected ? jittered : plain;
}
