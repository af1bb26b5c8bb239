import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { readApprovalToken } from "../../approvals/token.js";
import { type VerifyDeps, verifyApproval } from "../../approvals/verify.js";
import type { WorkQueue } from "../../runtime/work-queue.js";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, body: string): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode: status,
    headers: {
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
      "x-frame-options": "DENY",
    },
    body: `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><body style="font-family:sans-serif;max-width:40em;margin:2em auto"><h1>${escapeHtml(title)}</h1>${body}</body>`,
  };
}

function form(event: APIGatewayProxyEventV2): URLSearchParams {
  const raw = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, "base64").toString("utf8")
      : event.body
    : "";
  return new URLSearchParams(raw);
}

/**
 * The approval link. GET only shows the decision form (mail scanners prefetch links, so a GET must never
 * approve); POST verifies the token and queues the resume for the incident's worker.
 */
export async function handleApprovalRequest(
  event: APIGatewayProxyEventV2,
  deps: VerifyDeps & { queue: WorkQueue },
): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method.toUpperCase();
  if (method === "GET") {
    const token = event.queryStringParameters?.token ?? "";
    const read = readApprovalToken(deps.secret, token, deps.now);
    if (!read.ok) return page(401, "This approval link cannot be used", `<p>${escapeHtml(read.reason)}.</p>`);
    const pending = await deps.pendingApproval(read.claims.inc);
    if (!pending)
      return page(
        409,
        "Nothing to approve",
        `<p>Incident ${escapeHtml(read.claims.inc)} is not waiting for a decision.</p>`,
      );
    const details = escapeHtml(pending.description ?? "").replace(/\n/g, "<br>");
    // The link is the identity: a link bound to one approver signs as them; an unbound link can only reject.
    const sub = read.claims.sub;
    const who = sub
      ? `<p>Deciding as <strong>link:${escapeHtml(sub)}</strong> (this link was sent to you alone).</p>` +
        `<input type="hidden" name="approver" value="${escapeHtml(sub)}">`
      : "<p>This link is not bound to an approver, so it can only reject. To approve, use the link sent to you, " +
        'or <code>air approve</code>.</p><input type="hidden" name="approver" value="unbound-link">';
    return page(
      200,
      `Approve ${pending.action_request.action}?`,
      `<p>${details}</p><form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
        who +
        `<p><label>Comment <input name="comment"></label></p>` +
        (sub ? `<button name="decision" value="accept">Approve</button> ` : "") +
        `<button name="decision" value="reject">Reject</button></form>`,
    );
  }
  if (method !== "POST") return page(405, "Method not allowed", "<p>Use the link's form.</p>");
  const fields = form(event);
  const decision = fields.get("decision");
  if (decision !== "accept" && decision !== "reject")
    return page(400, "No decision", "<p>Choose Approve or Reject.</p>");
  const verified = await verifyApproval(
    {
      token: fields.get("token") ?? "",
      decision,
      approver: fields.get("approver") ?? "",
      comment: fields.get("comment") || undefined,
    },
    deps,
  );
  if (!verified.ok)
    return page(verified.status, "Decision not accepted", `<p>${escapeHtml(verified.reason)}.</p>`);
  await deps.queue.enqueue({
    kind: "resume",
    incidentId: verified.incidentId,
    resume: verified.resume,
    commandId: `approval-${verified.incidentId}-${Date.now()}`,
  });
  return page(
    202,
    decision === "accept" ? "Approved" : "Rejected",
    `<p>Recorded for incident ${escapeHtml(verified.incidentId)}; the responder continues now.</p>`,
  );
}
