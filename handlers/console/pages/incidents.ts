import { ConsoleStatusSchema, type IncidentSummary } from "../view.js";
import { html } from "./html.js";

export interface IncidentFilters {
  status?: string;
  service?: string;
  q?: string;
}

export function filterIncidents(rows: readonly IncidentSummary[], f: IncidentFilters): IncidentSummary[] {
  const q = f.q?.trim().toLowerCase();
  return rows.filter(
    (r) =>
      (!f.status || r.status === f.status) &&
      (!f.service || r.service === f.service) &&
      (!q || `${r.id} ${r.title} ${r.service ?? ""}`.toLowerCase().includes(q)),
  );
}

/** Age in words, from the incident's own clock (simulated time locally) against `now`. */
export function age(openedAt: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(openedAt)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.round(minutes / 60)} h`;
  return `${Math.round(minutes / 1440)} d`;
}

export function incidentsPage(all: readonly IncidentSummary[], filters: IncidentFilters, now: Date) {
  const rows = filterIncidents(all, filters);
  const services = [...new Set(all.map((r) => r.service).filter((s): s is string => Boolean(s)))].sort();
  const option = (value: string, selected?: string) =>
    html`<option value="${value}" ${value === selected ? html`selected` : ""}>${value || "any"}</option>`;
  return html`<h1>Incidents</h1>
<form class="filters" method="get" action="/" role="search" aria-label="Filter incidents">
<label>Status <select name="status">${["", ...ConsoleStatusSchema.options].map((s) => option(s, filters.status))}</select></label>
<label>Service <select name="service">${["", ...services].map((s) => option(s, filters.service))}</select></label>
<label>Search <input name="q" type="search" value="${filters.q ?? ""}"></label>
<button type="submit">Filter</button></form>
<p><span data-testid="incident-count">${rows.length}</span> of ${all.length} incidents · updates live</p>
<div class="scroll"><table data-live="incidents"><caption class="visually-hidden">Incidents, newest first</caption>
<thead><tr><th scope="col">Incident</th><th scope="col">Status</th><th scope="col">Service</th><th scope="col">Severity</th><th scope="col">Age</th><th scope="col">Outcome</th><th scope="col">Time to mitigate</th></tr></thead>
<tbody>${rows.map(
    (
      r,
    ) => html`<tr data-id="${r.id}" data-status="${r.status}"><td><a href="/incidents/${encodeURIComponent(r.id)}">${r.title}</a><br><small>${r.id}</small></td>
<td><span class="badge ${r.status}">${r.status.replace(/-/g, " ")}</span></td><td>${r.service ?? "–"}</td><td>${r.severity ?? "–"}</td>
<td>${age(r.openedAt, now)}</td><td>${r.outcome?.replace(/-/g, " ") ?? "–"}</td><td>${r.minutesToMitigate !== undefined ? `${r.minutesToMitigate} min` : "–"}</td></tr>`,
  )}</tbody></table></div>`;
}
