import type { IncidentStateValue } from "../../../graph/state.js";
import type { AuditRecord, MetricSeries } from "../../../tools/domain/index.js";
import { metricSvg } from "../../approvals/metric-svg.js";
import { renderMarkdown } from "../../approvals/render-markdown.js";
import type { IncidentRecord } from "../store.js";
import { summarise } from "../view.js";
import { decisionForm } from "./decision-form.js";
import { html, jsonData, trusted } from "./html.js";

/** The marks on the metric chart, from the state's own times. */
export function chartMarks(state: IncidentStateValue) {
  const marks: { at: string; label: string }[] = [];
  const alarm = state.incident.alerts[0]?.time;
  if (alarm) marks.push({ at: alarm, label: "alarm" });
  if (state.execution) marks.push({ at: state.execution.startedAt, label: "action start" });
  if (state.execution?.endedAt) marks.push({ at: state.execution.endedAt, label: "action end" });
  const verified = state.timeline.find((t) => t.node === "verify")?.time;
  if (verified) marks.push({ at: verified, label: "verified" });
  if (state.rollbackExecution) marks.push({ at: state.rollbackExecution.startedAt, label: "rollback" });
  const window =
    state.execution?.endedAt && verified ? { from: state.execution.endedAt, to: verified } : undefined;
  return { marks, window, threshold: state.incident.alerts[0]?.metric?.threshold };
}

function metricSection(state: IncidentStateValue, series: MetricSeries | undefined) {
  if (!series || series.points.length < 2) return html`<p>No metric series for this alarm in the store.</p>`;
  const { marks, window, threshold } = chartMarks(state);
  const data = {
    points: series.points,
    threshold,
    marks,
    window,
    label: `${series.metric} (${series.stat})`,
  };
  return html`<figure class="chart" data-chart="metric" aria-labelledby="metric-h">
<script type="application/json">${jsonData(data)}</script>
<div class="fallback">${trusted(metricSvg(series, { ...(threshold !== undefined ? { threshold } : {}), events: marks }))}</div>
<figcaption>${series.metric} (${series.stat}, ${series.periodSeconds}s) · threshold ${threshold ?? "–"} · ${marks.map((m) => `${m.label} ${m.at.slice(11, 16)}`).join(" · ")}${window ? ` · verification window ${window.from.slice(11, 16)}–${window.to.slice(11, 16)}` : ""}</figcaption></figure>`;
}

function gateSection(state: IncidentStateValue) {
  const gate = state.gate;
  if (!gate) return html`<p>The gate has not decided yet.</p>`;
  const factors = gate.confidence?.factors ?? {};
  return html`<p>Outcome <strong data-testid="gate-outcome">${gate.outcome}</strong>${gate.actionId ? html` for <code>${gate.actionId}</code> on <code>${gate.target ?? ""}</code>` : ""} · risk ${gate.risk ?? "–"} · confidence ${gate.confidence?.value.toFixed(2) ?? "–"} · round ${gate.round}</p>
<table><caption>Confidence factors</caption><thead><tr><th scope="col">Factor</th><th scope="col">Value</th></tr></thead><tbody>${Object.entries(factors).map(([k, v]) => html`<tr><td>${k}</td><td>${(v as number).toFixed(2)}</td></tr>`)}</tbody></table>
<h3>Reasons</h3><ol>${gate.reasons.map((r) => html`<li>${r}</li>`)}</ol>
${gate.blastRadius ? html`<p>Blast radius: ${gate.blastRadius.reason} (${gate.blastRadius.allowed ? "allowed" : "refused"}) — ${gate.blastRadius.affected.join(", ")}</p>` : ""}`;
}

function changesSection(state: IncidentStateValue) {
  const a = state.assessment;
  if (!a) return html`<p>Triage has not run yet.</p>`;
  const blamed = new Set([...a.suspectedResources, state.gate?.target].filter(Boolean) as string[]);
  return html`<p>${a.hypothesis}</p>
<table><thead><tr><th scope="col">Change or resource</th><th scope="col">Blamed?</th><th scope="col">Why</th></tr></thead><tbody>
${a.recentChanges.map((c) => html`<tr><td>${c}</td><td>${blamed.has(c) ? "yes" : "no"}</td><td>${blamed.has(c) ? "tied to the incident by triage" : "recent change on the service, not tied to the failing signal"}</td></tr>`)}
${a.suspectedResources.map((s) => html`<tr><td>${s}</td><td>suspect</td><td>${s === state.gate?.target ? "the plan's target" : "named by triage"}</td></tr>`)}
</tbody></table>`;
}

function logSection(state: IncidentStateValue) {
  const f = state.logFindings;
  if (!f) return html`<p>No log analysis yet.</p>`;
  return html`<p>${f.summary} (${f.linesAnalysed} lines)${f.injectionAttemptDetected ? html` · <strong>instruction-like text flagged and kept as evidence</strong>` : ""}</p>
<div class="scroll"><table><thead><tr><th scope="col">Template</th><th scope="col">Kind</th><th scope="col">In incident</th><th scope="col">Baseline</th><th scope="col">Sample</th></tr></thead><tbody>
${f.evidence.map((e) => html`<tr><td><code>${e.template}</code></td><td>${e.kind}</td><td>${e.incidentCount}</td><td>${e.baselineCount}</td><td><code>${e.sample}</code></td></tr>`)}
</tbody></table></div>`;
}

function planSection(state: IncidentStateValue) {
  const p = state.plan;
  if (!p) return html`<p>No plan yet.</p>`;
  const stages = p.stages;
  const done = state.stageResults ?? [];
  const status = (i: number) => {
    const r = done[i];
    if (r)
      return r.rolledBack
        ? `ran, undone (${r.rolledBack.status})`
        : `passed: ${r.verification?.reason ?? r.execution.status}`;
    if (i === done.length)
      return state.outcome ? (state.planStopped ?? state.outcome.replace(/-/g, " ")) : "now";
    return "not reached";
  };
  return html`<p><strong>${p.kind}</strong>${p.actionId ? html` · <code>${p.actionId}</code>` : ""}${p.runbookId ? html` · runbook ${p.runbookId}` : ""}</p><p>${p.rationale}</p>
${p.params ? html`<pre>${JSON.stringify(p.params, null, 2)}</pre>` : ""}
${stages?.length ? html`<h3>Staged plan</h3><ol class="stages">${stages.map((s, i) => html`<li><code>${s.actionId}</code> on <code>${s.target}</code> ${JSON.stringify(s.params)} — <span data-testid="stage-status">${status(i)}</span></li>`)}</ol>` : ""}`;
}

function auditSection(id: string, records: readonly AuditRecord[]) {
  return html`<p><button type="button" data-verify="/api/incidents/${encodeURIComponent(id)}/audit/verify">Verify the chain</button> <span data-verify-result role="status" aria-live="polite"></span></p>
<div class="scroll"><table><thead><tr><th scope="col">#</th><th scope="col">Time</th><th scope="col">Actor</th><th scope="col">Kind</th><th scope="col">Summary</th><th scope="col">Hash</th></tr></thead><tbody>
${records.map((r) => html`<tr><td>${r.seq}</td><td>${r.time}</td><td>${r.actor}</td><td>${r.kind}</td><td>${r.summary}</td><td><code title="${r.hash}">${r.hash.slice(0, 12)}</code></td></tr>`)}
</tbody></table></div>`;
}

export interface IncidentPageData {
  record: IncidentRecord;
  metric?: MetricSeries;
  audit: readonly AuditRecord[];
  report?: string;
  csrf: string;
  identity: string;
}

export function incidentPage(d: IncidentPageData) {
  const { state, pending } = d.record;
  const s = summarise(state, pending);
  const section = (id: string, title: string, body: ReturnType<typeof html>) =>
    html`<section aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${body}</section>`;
  return html`<h1>${state.incident.title}</h1>
<p class="meta" data-incident="${s.id}"><span class="badge ${s.status}" data-testid="status">${s.status.replace(/-/g, " ")}</span>
${s.service ?? ""} · severity ${s.severity ?? "–"} · opened ${s.openedAt} · outcome ${s.outcome?.replace(/-/g, " ") ?? "–"}${s.minutesToMitigate !== undefined ? ` · mitigated in ${s.minutesToMitigate} min` : ""}</p>
${pending ? decisionForm(s.id, pending, d.csrf, d.identity) : ""}
${section("metric-h", "Alarm metric", metricSection(state, d.metric))}
${section("timeline-h", "Timeline", html`<ol class="timeline" data-live="timeline">${state.timeline.map((t) => html`<li><time>${t.time.slice(11, 16)}</time> <strong>${t.node}</strong> ${t.summary}</li>`)}</ol>`)}
${section("logs-h", "Log evidence", logSection(state))}
${section("changes-h", "Changes considered", changesSection(state))}
${section("gate-h", "Safety gate", gateSection(state))}
${section("plan-h", "Plan", planSection(state))}
${section("report-h", "Report", d.report ? html`<div class="report">${trusted(renderMarkdown(d.report))}</div>` : html`<p>No report yet.</p>`)}
${section("audit-h", "Audit chain", auditSection(s.id, d.audit))}`;
}
