import type { Overview } from "../view.js";
import { html, jsonData } from "./html.js";

const pct = (n: number) => `${Math.round(n * 100)}%`;

export function overviewPage(o: Overview) {
  return html`<h1>Overview</h1>
<dl class="tiles">
<div><dt>Incidents</dt><dd data-testid="total">${o.total}</dd></div>
<div><dt>Resolved automatically</dt><dd data-testid="auto-rate">${pct(o.autoResolvedRate)}</dd></div>
<div><dt>Escalated</dt><dd data-testid="escalation-rate">${pct(o.escalationRate)}</dd></div>
<div><dt>Median time to mitigate</dt><dd>${o.medianMinutesToMitigate !== undefined ? `${o.medianMinutesToMitigate} min` : "–"}</dd></div>
<div><dt>Model cost</dt><dd>$${o.usd.toFixed(4)}</dd></div>
</dl>
<h2 id="per-day">Incidents over time</h2>
<figure class="chart" data-chart="bars" aria-labelledby="per-day"><script type="application/json">${jsonData(o.perDay)}</script>
<table><thead><tr><th scope="col">Day</th><th scope="col">Incidents</th></tr></thead><tbody>${o.perDay.map((d) => html`<tr><td>${d.day}</td><td>${d.count}</td></tr>`)}</tbody></table></figure>
<h2>Success rate per action (the learning history)</h2>
<table><thead><tr><th scope="col">Action</th><th scope="col">Runs</th><th scope="col">Succeeded</th><th scope="col">Rate</th></tr></thead>
<tbody>${o.perAction.map((a) => html`<tr><td>${a.actionId}</td><td>${a.runs}</td><td>${a.successes}</td><td>${pct(a.runs ? a.successes / a.runs : 0)}</td></tr>`)}</tbody></table>`;
}
