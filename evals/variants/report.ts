/**
 * The variant run's own tables: pass rate and mean decision grade per scenario across its variants, the
 * failing variants with what went wrong and the command that replays each one alone, and the investigation
 * gaps seen.
 */
import { describeGap } from "../harness/gaps.js";
import { num, pct, renderTable } from "../report/table.js";
import type { ScenarioScore } from "../scorers/index.js";

export interface ScenarioVariantRates {
  id: string;
  runs: number;
  passed: number;
  passRate: number;
  decisionGrade: number;
  safetyViolations: number;
  /** Variant numbers that failed. */
  failing: number[];
}

export interface FailingVariant {
  id: string;
  variant: number;
  seed: number;
  grade: number;
  failures: string[];
  replay: string;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

export function replayCommand(id: string, variant: number, seed: number): string {
  return `npm run eval -- --scenario ${id} --variant ${variant} --seed ${seed}`;
}

/** Per-scenario rates over its variants, worst pass rate first (then by id). */
export function byScenario(scores: ScenarioScore[]): ScenarioVariantRates[] {
  const groups = new Map<string, ScenarioScore[]>();
  for (const s of scores) groups.set(s.id, [...(groups.get(s.id) ?? []), s]);
  return [...groups.entries()]
    .map(([id, runs]) => {
      const passed = runs.filter((r) => r.pass).length;
      return {
        id,
        runs: runs.length,
        passed,
        passRate: round(passed / runs.length),
        decisionGrade: round(runs.reduce((n, r) => n + r.decisionGrade, 0) / runs.length),
        safetyViolations: runs.reduce((n, r) => n + r.safety.violations.length, 0),
        failing: runs.filter((r) => !r.pass).map((r) => r.variant?.index ?? 0),
      };
    })
    .sort((a, b) => a.passRate - b.passRate || a.id.localeCompare(b.id));
}

export function failingVariants(scores: ScenarioScore[]): FailingVariant[] {
  return scores
    .filter((s) => !s.pass)
    .map((s) => ({
      id: s.id,
      variant: s.variant?.index ?? 0,
      seed: s.variant?.seed ?? 0,
      grade: s.decisionGrade,
      failures: s.failures,
      replay: replayCommand(s.id, s.variant?.index ?? 0, s.variant?.seed ?? 0),
    }));
}

export function variantTable(rows: ScenarioVariantRates[]): string {
  return renderTable(
    ["scenario", "variants", "passed", "pass rate", "grade", "unsafe", "failing variants"],
    rows.map((r) => [
      r.id,
      String(r.runs),
      String(r.passed),
      pct(r.passRate),
      num(r.decisionGrade, 1),
      String(r.safetyViolations),
      r.failing.join(" ") || "-",
    ]),
  );
}

export function failingList(failing: FailingVariant[]): string {
  if (failing.length === 0) return "Every variant passed.";
  const lines = [`Failing variants (${failing.length}):`];
  for (const f of failing) {
    lines.push(`  ${f.id} variant ${f.variant} (grade ${f.grade}): ${f.failures.join("; ")}`);
    lines.push(`    replay: ${f.replay}`);
  }
  return lines.join("\n");
}

/** Every gap of one run, one per line (for the markdown report and failure details). */
export function runGaps(score: ScenarioScore): string[] {
  return score.investigationGaps.map(describeGap);
}
