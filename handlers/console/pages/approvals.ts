import type { IncidentRecord } from "../store.js";
import { decisionForm } from "./decision-form.js";
import { html } from "./html.js";

export function approvalsPage(pending: readonly IncidentRecord[], csrf: string, identity: string) {
  return html`<h1>Approvals</h1>
<p><span data-testid="pending-count">${pending.length}</span> waiting for a decision.</p>
${pending.length === 0 ? html`<p>Nothing is waiting for you.</p>` : ""}
${pending.map(
  (
    r,
  ) => html`<article class="card"><p><a href="/incidents/${encodeURIComponent(r.state.incident.id)}">${r.state.incident.title}</a> · <small>${r.state.incident.id}</small></p>
${r.pending ? decisionForm(r.state.incident.id, r.pending, csrf, identity) : ""}</article>`,
)}`;
}
