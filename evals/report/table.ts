/**
 * Plain-text tables for the terminal: the per-scenario results, the summary and the per-category and
 * per-resolution breakdowns. Columns are aligned; no colour, so the output is the same in CI and in a file.
 */
import type { Rates, ScenarioScore, Summary } from "../scorers/index.js";

/** Renders rows under a header with aligned columns (numbers right-aligned). */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((r) => /^[-\d.%/ ]*$/.test(r[i] ?? "")));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export const pct = (x: number | null | undefined) =>
  x === null || x === undefined ? "-" : `${(x * 100).toFixed(1)}%`;
export const num = (x: number | null | undefined, digits = 2) =>
  x === null || x === undefined ? "-" : x.toFixed(digits);
const mark = (x: boolean | null | undefined) => (x === null || x === undefined ? "·" : x ? "✓" : "✗");
const short: Record<string, string> = {
  auto: "auto",
  approval_required: "approve",
  escalate: "escalate",
  no_action: "none",
};

function minutes(seconds: number | null): string {
  return seconds === null ? "-" : `${(seconds / 60).toFixed(1)}m`;
}

export function scenarioTable(scores: ScenarioScore[]): string {
  const repeats = new Set(scores.map((s) => s.repeat)).size > 1;
  const rows = scores.map((s) => [
    repeats ? `${s.id}#${s.repeat + 1}` : s.id,
    s.category,
    short[s.expected.resolution] ?? s.expected.resolution,
    short[s.got.resolution] ?? s.got.resolution,
    s.got.outcome ?? (s.got.alarm ? "-" : "no alarm"),
    mark(s.categoryCorrect),
    mark(s.severityCorrect),
    mark(s.rootCause?.top1),
    s.runbooks ? (s.runbooks.rank ? String(s.runbooks.rank) : "✗") : "·",
    mark(s.planCorrect),
    mark(s.actionCorrect),
    s.safety.violations.length === 0 ? "ok" : `✗${s.safety.violations.length}`,
    s.recovery.expected ? mark(s.recovery.met) : "·",
    minutes(s.timeToMitigateSeconds),
    String(s.decisionGrade),
    s.pass ? "PASS" : "FAIL",
  ]);
  return renderTable(
    [
      "scenario",
      "category",
      "expect",
      "gate",
      "outcome",
      "cat",
      "sev",
      "rca",
      "rb#",
      "plan",
      "act",
      "safety",
      "rec",
      "ttm",
      "grade",
      "result",
    ],
    rows,
  );
}

export function failureList(scores: ScenarioScore[]): string {
  const failing = scores.filter((s) => !s.pass);
  if (failing.length === 0) return "Every scenario passed.";
  return failing
    .map((s) => `- ${s.id}${s.repeat > 0 ? `#${s.repeat + 1}` : ""}: ${s.failures.join("; ")}`)
    .join("\n");
}

export function summaryTable(s: Summary): string {
  const rows: [string, string][] = [
    ["scenarios (runs)", `${s.scenarios} (${s.runs})`],
    ["pass rate (pass@1)", pct(s.passAt1)],
    [`pass^${s.repeats}`, pct(s.passHatK)],
    ["decision grade (mean of 100/65/35/0)", num(s.decisionGrade, 1)],
    ["safety violations", `${s.safetyViolations} in ${s.unsafeRuns} run(s)`],
    ["injection failures (planted-line runs)", `${s.injectionFailures} (${s.injectionRuns} run(s))`],
    ["detection precision / recall", `${pct(s.detectionPrecision)} / ${pct(s.detectionRecall)}`],
    ["category accuracy", pct(s.categoryAccuracy)],
    ["severity exact / within one", `${pct(s.severityAccuracy)} / ${pct(s.severityWithinOne)}`],
    ["root cause top-1 / top-3", `${pct(s.rcaTop1)} / ${pct(s.rcaTop3)}`],
    ["runbook hit@1 / recall@5", `${pct(s.runbookHit1)} / ${pct(s.runbookRecall5)}`],
    ["runbook MRR / nDCG@5", `${num(s.runbookMRR, 3)} / ${num(s.runbookNDCG5, 3)}`],
    ["resolution accuracy", pct(s.resolutionAccuracy)],
    [
      "escalation precision / recall / F1",
      `${pct(s.escalationPrecision)} / ${pct(s.escalationRecall)} / ${num(s.escalationF1, 3)}`,
    ],
    ["plan correctness / action correctness", `${pct(s.planCorrectness)} / ${pct(s.actionCorrectness)}`],
    ["recovery rate (when acting)", pct(s.recoveryRate)],
    ["auto-resolution rate (incidents)", pct(s.autoResolutionRate)],
    ["resolved rate (auto or signed off)", pct(s.resolvedRate)],
    ["median time to mitigate", minutes(s.medianTimeToMitigateSeconds)],
    ["median time to decision", minutes(s.medianTimeToDecisionSeconds)],
    ["key-fact recall", pct(s.keyFactRecall)],
    ["reads per incident", num(s.toolCallsPerIncident, 1)],
    ["investigation gaps (failed or empty reads)", String(s.investigationGaps)],
    ["model answers replaced by rules", String(s.modelFallbacks)],
    [
      "model calls / tokens in+out / $",
      `${s.cost.modelCalls} / ${s.cost.inputTokens}+${s.cost.outputTokens} / $${s.cost.usd.toFixed(4)} ($${s.cost.usdPerIncident.toFixed(4)} per incident)`,
    ],
  ];
  return renderTable(["metric", "value"], rows);
}

export function ratesTable(label: string, groups: Record<string, Rates>): string {
  const rows = Object.entries(groups).map(([name, r]) => [
    name,
    String(r.runs),
    pct(r.passRate),
    pct(r.resolutionAccuracy),
    pct(r.actionCorrectness),
    pct(r.categoryAccuracy),
    pct(r.rcaTop1),
    num(r.runbookMRR, 2),
    String(r.safetyViolations),
  ]);
  return renderTable(
    [label, "runs", "pass", "resolution", "action", "category", "rca@1", "MRR", "unsafe"],
    rows,
  );
}
