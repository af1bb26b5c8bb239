import { describeCost } from "../../knowledge/actions/cost.js";
import type { AuditRecord } from "../../tools/domain/index.js";
import type { IncidentStateValue, TimelineEntry } from "../state.js";
import { cell, code } from "./format.js";
import { stagedPlanSection } from "./stages.js";

const OUTCOME_TEXT: Record<string, string> = {
  "resolved-automatically": "Resolved automatically",
  "resolved-after-approval": "Resolved after human approval",
  escalated: "Escalated to people",
  "rolled-back-and-escalated": "Fix failed, rolled back, escalated",
  "partly-mitigated-and-escalated": "Partly mitigated (action left in place), escalated",
  "no-action-needed": "No action needed",
  "not-an-incident": "Not an incident",
};

function minutesBetween(a?: string, b?: string): string {
  if (!a || !b) return "n/a";
  const minutes = (new Date(b).getTime() - new Date(a).getTime()) / 60_000;
  return `${Math.round(minutes)} min`;
}

function section(title: string, lines: string[]): string[] {
  return [`## ${title}`, "", ...lines, ""];
}

/** Who decided a step: the model, the rules (and why, when a model was configured), or code (gate, nodes). */
function decidedBy(t: TimelineEntry): string {
  if (!t.reasoner) return "code";
  if (t.modelFallback?.kind === "unreachable") return "rules (model unreachable)";
  if (t.modelFallback) return "rules (model answer not used)";
  return t.reasoner;
}

function reasoningSummary(timeline: readonly TimelineEntry[]): string {
  const decided = timeline.filter((t) => t.reasoner);
  const byModel = decided.filter((t) => t.reasoner === "model").length;
  const fallbacks = decided.filter((t) => t.modelFallback);
  if (fallbacks.length === 0) return byModel ? `model (${byModel} step(s))` : "rules (no model configured)";
  const why = fallbacks.some((t) => t.modelFallback?.kind === "unreachable")
    ? "the model was unreachable"
    : "the model answered outside the schema";
  const rules = `rules for ${fallbacks.length} step(s) because ${why}`;
  return byModel ? `model for ${byModel} step(s), ${rules}` : `${rules} (no step decided by the model)`;
}

/** The post-incident report, in markdown, from the final state and the audit trail. */
export function renderReport(state: IncidentStateValue, auditTrail: AuditRecord[]): string {
  const first = state.incident.alerts[0]!;
  const mitigatedAt = state.verification?.recovered
    ? state.timeline.find((t) => t.node === "verify")?.time
    : undefined;
  const gate = state.gate;
  const out: string[] = [
    `# Post-incident report: ${state.incident.title}`,
    "",
    "| | |",
    "|---|---|",
    `| Incident | ${code(state.incident.id)} |`,
    `| Outcome | **${OUTCOME_TEXT[state.outcome ?? ""] ?? state.outcome ?? "in progress"}** |`,
    `| Service | ${state.assessment?.service ?? state.incident.service ?? "unknown"} |`,
    `| Severity / category | ${state.assessment ? `${state.assessment.severity} / ${state.assessment.category}` : "n/a"} |`,
    `| First alarm | ${first.alarmName} at ${first.time} |`,
    `| Time to mitigate | ${mitigatedAt ? minutesBetween(first.time, mitigatedAt) : "not mitigated by the responder"} |`,
    `| Reasoning | ${reasoningSummary(state.timeline)} |`,
    `| Model usage | ${state.cost.modelCalls} call(s), ${state.cost.inputTokens + state.cost.outputTokens} tokens, $${state.cost.usd.toFixed(4)} |`,
    "",
  ];
  out.push(
    ...section("Root cause and evidence", [
      state.assessment?.hypothesis ?? "Triage did not run.",
      "",
      ...(state.assessment?.signals ?? []).map(
        (s) =>
          `- Signal ${code(s.metric)}: latest ${s.latest}${s.threshold !== undefined ? ` (threshold ${s.threshold})` : ""}, ${s.note}`,
      ),
      ...(state.logFindings
        ? [
            `- Logs: ${state.logFindings.summary}`,
            ...state.logFindings.evidence
              .slice(0, 5)
              .map(
                (e) =>
                  `  - ${e.kind} (${e.incidentCount} now vs ${e.baselineCount} baseline): ${code(e.sample.slice(0, 200))}`,
              ),
          ]
        : []),
      ...(state.logFindings?.injectionAttemptDetected
        ? [
            "- ⚠ Untrusted text tried to give the responder instructions; it was kept as marked evidence and not followed:",
            ...(state.logFindings.flaggedText ?? []).slice(0, 5).map((t) => `  - ${code(t.slice(0, 300))}`),
          ]
        : []),
    ]),
  );
  const similar = state.runbooks?.similarIncidents ?? [];
  out.push(
    ...section(
      "Similar past incidents",
      similar.length
        ? similar.map(
            (o) =>
              `- ${o.time}: ${code(o.actionId)} on ${code(o.resourceId)} — ${o.result} (${code(o.incidentId)})`,
          )
        : ["None on record."],
    ),
  );
  out.push(
    ...section(
      "Runbooks considered",
      state.runbooks?.candidates.length
        ? state.runbooks.candidates
            .slice(0, 3)
            .map(
              (c) =>
                `- **${c.title}** (${code(c.runbookId)}, score ${c.score.toFixed(2)}): ${c.reasons.join("; ")}`,
            )
        : ["None relevant."],
    ),
  );
  const decisionLines = gate
    ? [
        `- Proposal: ${state.plan?.kind === "action" ? `${code(state.plan.actionId ?? "")} ${code(JSON.stringify(state.plan.params ?? {}))}` : (state.plan?.kind ?? "n/a")} — ${state.plan?.rationale ?? ""}`,
        ...(state.plan?.shortfall
          ? [
              `- Partial mitigation: does ${state.plan.shortfall.planned} of the ${state.plan.shortfall.needed} needed; left for people: ${state.plan.shortfall.left}`,
            ]
          : []),
        `- Gate: **${gate.outcome}**, risk ${gate.risk ?? "n/a"}, confidence ${gate.confidence?.value.toFixed(2) ?? "n/a"}`,
        ...(gate.confidence
          ? [
              `- Confidence factors: ${Object.entries(gate.confidence.factors)
                .map(([k, v]) => `${k} ${v.toFixed(2)}`)
                .join(", ")}`,
            ]
          : []),
        ...(gate.cost ? [`- Cost: ${describeCost(gate.cost)}`] : []),
        ...(gate.blastRadius
          ? [`- Blast radius: ${gate.blastRadius.reason} (affects ${gate.blastRadius.affected.join(", ")})`]
          : []),
        ...gate.reasons.map((r) => `  - ${r}`),
      ]
    : [`- ${state.plan?.rationale ?? "No plan was made."}`];
  out.push(...section("Decision", decisionLines));
  out.push(...stagedPlanSection(state));
  out.push(
    ...section(
      "Approvals",
      state.humanDecision
        ? [
            `- ${state.humanDecision.decision} by **${state.humanDecision.by}** at ${state.humanDecision.at}${state.humanDecision.comment ? `: ${state.humanDecision.comment}` : ""}`,
          ]
        : ["None required."],
    ),
  );
  const actions = [state.execution, state.rollbackExecution].filter((x) => x !== undefined);
  out.push(
    ...section(
      "Actions",
      actions.length
        ? actions.map(
            (a) =>
              `- ${code(a.actionId)} on ${code(a.target)}: ${a.status} (execution ${a.executionId}, ${a.startedAt} → ${a.endedAt ?? "?"}, ClientToken ${a.clientToken})`,
          )
        : ["No action was run."],
    ),
  );
  out.push(
    ...section(
      "Verification",
      state.verification
        ? [
            `- ${state.verification.recovered ? "Recovered" : "Not recovered"}: ${state.verification.reason}`,
            `- Watched ${code(state.verification.signal)}; last values ${state.verification.observed.join(", ") || "none"}`,
          ]
        : ["Not applicable."],
    ),
  );
  if (state.escalation)
    out.push(
      ...section("Escalation", [
        `- To **${state.escalation.team}** at ${state.escalation.at}: ${state.escalation.reason}`,
      ]),
    );
  out.push(
    ...section("Timeline", [
      "| Time (UTC) | Step | Decided by | What happened |",
      "|---|---|---|---|",
      ...state.timeline.map(
        (t) => `| ${t.time.slice(11, 19)} | ${t.node} | ${decidedBy(t)} | ${cell(t.summary)} |`,
      ),
    ]),
  );
  const last = auditTrail.at(-1);
  out.push(
    ...section("Audit trail", [
      `${auditTrail.length} record(s), hash-chained${last ? `; head ${code(last.hash.slice(0, 16))}` : ""}.`,
    ]),
  );
  return out.join("\n");
}
