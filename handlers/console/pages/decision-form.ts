import type { HumanInterrupt } from "../../../graph/nodes/approval-payload.js";
import { renderMarkdown } from "../../approvals/render-markdown.js";
import { html, trusted } from "./html.js";

/**
 * Approve, reject, or approve with narrowed arguments. The form posts to the console, which signs the
 * decision as the identity it can verify and resumes the run through the graph's own approval check; an
 * edit that is not a narrowing goes back through the gate like any other.
 */
export function decisionForm(incidentId: string, pending: HumanInterrupt, csrf: string, identity: string) {
  const action = `/incidents/${encodeURIComponent(incidentId)}/decision`;
  const args = JSON.stringify(pending.action_request.args, null, 2);
  return html`<section class="decision" aria-labelledby="decide-${incidentId}">
<h2 id="decide-${incidentId}">Approve ${pending.action_request.action}?</h2>
<div class="description">${trusted(renderMarkdown(pending.description ?? ""))}</div>
<form method="post" action="${action}" data-decision-form>
<input type="hidden" name="csrf" value="${csrf}">
<p>You decide as <code>${identity}</code>; the responder checks it against the approver list for this risk.</p>
<p><label>Comment <input name="comment" autocomplete="off"></label></p>
<details><summary>Narrow the arguments</summary>
<p><label>Arguments (JSON; may only ask for less than proposed) <textarea name="params" rows="5" cols="50">${args}</textarea></label></p>
<button name="decision" value="edit">Approve narrowed</button></details>
<p><button name="decision" value="accept" class="primary">Approve</button>
<button name="decision" value="reject">Reject</button></p>
</form></section>`;
}
