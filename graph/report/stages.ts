/** The "Staged plan" section of the post-incident report: every stage, its gate, checks, result and undo. */
import { hasPreCheck } from "../../agents/remediation/pre-checks.js";
import type { Execution, IncidentStateValue, StageResult, Verification } from "../state.js";
import { cell, code } from "./format.js";

interface Row {
  gate: string;
  preCheck: string;
  execution?: Execution;
  verification?: Verification;
  undo?: Execution;
}

function filed(r: StageResult): Row {
  return {
    gate: `${r.gate.outcome}${r.gate.risk ? `, ${r.gate.risk}` : ""}${r.gate.signedOffBy ? `, signed off by ${r.gate.signedOffBy}` : ""}`,
    preCheck: r.preCheck ?? "n/a",
    execution: r.execution,
    ...(r.verification ? { verification: r.verification } : {}),
    ...(r.rolledBack ? { undo: r.rolledBack } : {}),
  };
}

/** The stage in progress when the run ended: its gate decision and, if it ran, its execution and check. */
function current(state: IncidentStateValue, index: number): Row {
  const ex = state.execution;
  const ran = ex && !state.stageResults.some((r) => r.execution.executionId === ex.executionId);
  const gate = state.gate;
  const signed =
    gate?.planApprovalRound !== undefined ? state.planApproval?.identity : state.humanDecision?.by;
  return {
    gate: gate
      ? `${gate.outcome}${gate.risk ? `, ${gate.risk}` : ""}${gate.outcome === "approve" && signed && ran ? `, signed off by ${signed}` : ""}`
      : "not judged",
    preCheck: state.planStopped?.startsWith(`stage ${index + 1} `)
      ? "failed"
      : hasPreCheck(state.plan?.stages?.[index]?.actionId ?? "")
        ? "passed"
        : "none defined",
    ...(ran ? { execution: ex } : {}),
    ...(ran && state.verification ? { verification: state.verification } : {}),
    ...(ran && state.rollbackExecution ? { undo: state.rollbackExecution } : {}),
  };
}

export function stagedPlanSection(state: IncidentStateValue): string[] {
  const stages = state.plan?.stages;
  if (!stages) return [];
  const done = state.stageResults.length;
  const rows = stages.map((stage, i) => {
    const row: Row | undefined =
      i < done ? filed(state.stageResults[i] as StageResult) : i === done ? current(state, i) : undefined;
    const check = row?.verification
      ? `${row.verification.recovered ? "✓" : row.verification.trend === "improved" ? "≈" : "✗"} ${row.verification.reason}`
      : "—";
    return `| ${i + 1} | ${code(stage.actionId)} ${code(JSON.stringify(stage.params))} on ${code(stage.target)} | ${cell(row?.gate ?? "not reached")} | ${cell(row?.preCheck ?? "—")} | ${cell(row?.execution?.status ?? "not run")} | ${cell(`${stage.verifyBy === "state" ? "read back" : `signal, ${stage.expect}`}: ${check}`)} | ${cell(row?.undo ? `${row.undo.actionId}: ${row.undo.status}` : stage.onFailure)} |`;
  });
  return [
    "## Staged plan",
    "",
    `Goal: ${cell(state.plan?.goal?.split("\n")[0] ?? "the incident's alarm recovers once the last stage ran")}.`,
    ...(state.planStopped ? ["", `Stopped: ${state.planStopped}`] : []),
    "",
    "| # | Stage | Gate | Pre-check | Result | Verification | Undo / on failure |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
  ];
}
