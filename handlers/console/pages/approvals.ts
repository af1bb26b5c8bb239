import type { IncidentRecord } from "../store.js";
import { decisionForm } from "./decision-form.js";
import { html } from "./html.js";

export function approvalsPage(
  pending: readonly IncidentRecord[],
  csrf: string,
  identity: string,
  paging: { page: number; total: number; perPage: number },
) {
  const pages = Math.max(1, Math.ceil(paging.total / paging.perPage));
  const nav =
    pages > 1
      ? html`<nav aria-label="Approval pages"><p>Page ${paging.page} of ${pages}
${paging.page > 1 ? html`<a href="/approvals?page=${paging.page - 1}">previous</a>` : ""}
${paging.page < pages ? html`<a href="/approvals?page=${paging.page + 1}">next</a>` : ""}</p></nav>`
      : "";
  return html`<h1>Approvals</h1>
<p><span data-testid="pending-count">${paging.total}</span> waiting for a decision.</p>${nav}
${pending.length === 0 ? html`<p>Nothing is waiting for you.</p>` : ""}
${pending.map(
  (
    r,
  ) => html`<article class="card"><p><a href="/incidents/${encodeURIComponent(r.state.incident.id)}">${r.state.incident.title}</a> · <small>${r.state.incident.id}</small></p>
${r.pending ? decisionForm(r.state.incident.id, r.pending, csrf, identity) : ""}</article>`,
)}`;
}
