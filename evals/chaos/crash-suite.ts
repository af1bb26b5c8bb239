/**
 * The crash-at-every-step suite: for each scenario, one uninterrupted run with no faults (the truth), one
 * with the AWS fault layer on (same outcome expected), then one run killed at each crash point — with the
 * same seeded faults, so the run up to the crash is the reference run's — each resumed by a fresh graph
 * instance on the same DynamoDB table. Each run is compared with the truth.
 */
import type { Scenario } from "../scenario/index.js";
import type { CrashPhase } from "./crash-injector.js";
import { type CrashRunContext, type ObservedRun, runWithCrash } from "./crash-run.js";

/** How one run differs from the truth. */
export interface RunVerdict {
  scenario: string;
  crash?: { index: number; phase: CrashPhase; at: string };
  ok: boolean;
  finished: boolean;
  outcomeMatches: boolean;
  /** Side effects beyond the truth's (a second action, notification, audit record, report). */
  duplicated: number;
  /** Side effects the truth has and this run lacks. */
  missing: number;
  chainIntact: boolean;
  wallMs: number;
  problems: string[];
}

function countDiff(a: readonly string[], b: readonly string[]): { extra: number; missing: number } {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  for (const x of b) counts.set(x, (counts.get(x) ?? 0) - 1);
  let extra = 0;
  let missing = 0;
  for (const n of counts.values()) {
    if (n > 0) extra += n;
    else missing -= n;
  }
  return { extra, missing };
}

/** Compares a run with the truth: outcome, every side effect by kind and count, the audit chain. */
export function judgeRun(truth: ObservedRun, run: ObservedRun): RunVerdict {
  const problems: string[] = [];
  const diffs = [
    countDiff(run.effects.actions, truth.effects.actions),
    countDiff(run.effects.notifications, truth.effects.notifications),
    countDiff(run.effects.audit, truth.effects.audit),
    countDiff(Array(run.effects.reports).fill("report"), Array(truth.effects.reports).fill("report")),
  ];
  const duplicated = diffs.reduce((n, d) => n + d.extra, 0);
  const missing = diffs.reduce((n, d) => n + d.missing, 0);
  const outcomeMatches =
    run.outcome === truth.outcome && run.gate === truth.gate && run.recovered === truth.recovered;
  if (!run.finished) problems.push(`not finished: ${run.failedDeliveries.at(-1) ?? "stalled"}`);
  if (!outcomeMatches)
    problems.push(
      `outcome ${run.outcome}/${run.gate}/${run.recovered} ≠ ${truth.outcome}/${truth.gate}/${truth.recovered}`,
    );
  if (duplicated) problems.push(`duplicated side effects: ${duplicated}`);
  if (missing) problems.push(`missing side effects: ${missing}`);
  if (!run.chainIntact) problems.push("audit hash chain broken");
  if (JSON.stringify(run.effects.audit) !== JSON.stringify(truth.effects.audit) && !duplicated && !missing)
    problems.push("audit records out of order");
  return {
    scenario: run.scenario,
    ...(run.crash ? { crash: run.crash } : {}),
    ok: problems.length === 0,
    finished: run.finished,
    outcomeMatches,
    duplicated,
    missing,
    chainIntact: run.chainIntact,
    wallMs: run.wallMs,
    problems,
  };
}

export interface ScenarioCrashResult {
  scenario: string;
  truth: ObservedRun;
  faulted: RunVerdict;
  points: number;
  verdicts: RunVerdict[];
}

/** Runs `tasks` with at most `limit` in flight. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, tasks.length) }, async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  });
  await Promise.all(lanes);
  return results;
}

export interface CrashSuiteOptions {
  /** Crash at every `stride`-th point (1: every point). */
  stride: number;
  concurrency: number;
  /** The clean context (no faults) and the faulted one (seeded per run label). */
  clean: CrashRunContext;
  faulted: (label: string) => CrashRunContext;
  onRun?: (verdict: RunVerdict) => void;
}

export async function crashScenario(
  scenario: Scenario,
  options: CrashSuiteOptions,
): Promise<ScenarioCrashResult> {
  const id = scenario.metadata.id;
  const truth = await runWithCrash(scenario, options.clean, undefined, "truth");
  // The faulted reference and every crashed run draw the same faults until the crash.
  const reference = await runWithCrash(scenario, options.faulted(id), undefined, "faulted");
  const faulted = judgeRun(truth, reference);
  options.onRun?.(faulted);
  const targets = reference.points.map((p) => p.index).filter((i) => i % options.stride === 0);
  const verdicts = await pool(
    targets.map((target) => async () => {
      const run = await runWithCrash(scenario, options.faulted(id), target, `c${target}`);
      const verdict = judgeRun(truth, run);
      if (!run.crash) verdict.problems.push(`the crash at point ${target} never happened`);
      options.onRun?.(verdict);
      return verdict;
    }),
    options.concurrency,
  );
  return { scenario: id, truth, faulted, points: reference.points.length, verdicts };
}
