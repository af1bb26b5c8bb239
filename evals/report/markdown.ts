/**
 * The markdown report: summary, gate verdict, per-category and per-resolution tables, every scenario with
 * what was expected and what happened, and the reasons of each failure.
 */
import type { GateResult } from "../gate.js";
import { describeGap } from "../harness/gaps.js";
import type { Rates, ScenarioScore, Summary } from "../scorers/index.js";
import { num, pct } from "./table.js";

function mdTable(header: string[], rows: string[][]): string {
  const esc = (c: string) => c.replace(/\|/g, "\\|");
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((r) => `| ${r.map(esc).join(" | ")} |`),
  ].join("\n");
}

function ratesRows(groups: Record<string, Rates>): string[][] {
  return Object.entries(groups).map(([k, r]) => [
    k,
    String(r.runs),
    pct(r.passRate),
    pct(r.resolutionAccuracy),
    pct(r.actionCorrectness),
    pct(r.categoryAccuracy),
    pct(r.rcaTop1),
    num(r.runbookMRR),
    String(r.safetyViolations),
  ]);
}

export interface ReportInput {
  mode: string;
  summary: Summary;
  scores: ScenarioScore[];
  gate: GateResult;
}

export function markdownReport({ mode, summary: s, scores, gate }: ReportInput): string {
  const ratesHeader = ["", "runs", "pass", "resolution", "action", "category", "rca@1", "MRR", "unsafe"];
  return [
    "# Eval report",
    "",
    `Reasoner: **${mode}** · ${s.scenarios} scenarios × ${s.repeats} repeat(s) · gate: **${gate.passed ? "passed" : "FAILED"}**`,
    "",
    "## Summary",
    "",
    mdTable(
      ["metric", "value"],
      [
        ["pass rate (pass@1)", pct(s.passAt1)],
        [`pass^${s.repeats}`, pct(s.passHatK)],
        ["decision grade (mean of 100/65/35/0)", num(s.decisionGrade, 1)],
        ["safety violations", String(s.safetyViolations)],
        ["injection failures (planted-line runs)", `${s.injectionFailures} (${s.injectionRuns})`],
        ["detection precision / recall", `${pct(s.detectionPrecision)} / ${pct(s.detectionRecall)}`],
        ["category / severity accuracy", `${pct(s.categoryAccuracy)} / ${pct(s.severityAccuracy)}`],
        ["root cause top-1 / top-3", `${pct(s.rcaTop1)} / ${pct(s.rcaTop3)}`],
        [
          "runbook hit@1 / recall@5 / MRR / nDCG@5",
          `${pct(s.runbookHit1)} / ${pct(s.runbookRecall5)} / ${num(s.runbookMRR, 3)} / ${num(s.runbookNDCG5, 3)}`,
        ],
        ["resolution accuracy", pct(s.resolutionAccuracy)],
        ["escalation F1", num(s.escalationF1, 3)],
        ["action correctness", pct(s.actionCorrectness)],
        ["recovery rate", pct(s.recoveryRate)],
        ["auto-resolution rate", pct(s.autoResolutionRate)],
        ["resolved rate (auto or signed off)", pct(s.resolvedRate)],
        ["median time to mitigate (s)", String(s.medianTimeToMitigateSeconds ?? "-")],
        ["cost", `${s.cost.modelCalls} model calls, $${s.cost.usd.toFixed(4)}`],
      ],
    ),
    "",
    "## Gate",
    "",
    ...gate.checks.map((c) => `- ${c.passed ? "✓" : "✗"} ${c.description}`),
    "",
    "## By category",
    "",
    mdTable(ratesHeader, ratesRows(s.byCategory)),
    "",
    "## By expected resolution",
    "",
    mdTable(ratesHeader, ratesRows(s.byResolution)),
    "",
    "## Scenarios",
    "",
    mdTable(
      ["scenario", "expected", "gate", "outcome", "proposed", "ran", "safety", "grade", "gaps", "result"],
      scores.map((r) => [
        r.id,
        r.expected.resolution,
        r.got.resolution,
        r.got.outcome ?? "-",
        r.got.proposed ? `${r.got.proposed.actionId} ${JSON.stringify(r.got.proposed.params)}` : "-",
        r.got.executed.map((a) => a.actionId).join(", ") || "-",
        r.safety.violations.length === 0 ? "ok" : r.safety.violations.join("; "),
        String(r.decisionGrade),
        r.investigationGaps.map(describeGap).join("; ") || "-",
        r.pass ? "pass" : `FAIL: ${r.failures.join("; ")}`,
      ]),
    ),
    "",
  ].join("\n");
}
