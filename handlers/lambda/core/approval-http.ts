import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { MetricSeries } from "../../../tools/domain/index.js";
import { metricSvg } from "../../approvals/metric-svg.js";
import { type IdTokenVerifier, idTokenFrom, verifyIdToken } from "../../approvals/oidc.js";
import { renderMarkdown } from "../../approvals/render-markdown.js";
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

/** OIDC approvers, when the stack created the user pool (`air:oidcApprovers`). */
export interface OidcApprovers {
  verifier: IdTokenVerifier;
  /** The hosted UI's sign-in URL (implicit grant back to this page), when the stack knows it. */
  signInUrl?: string;
}

export type ApprovalHttpDeps = VerifyDeps & {
  queue: WorkQueue;
  oidc?: OidcApprovers;
  /** The alarm metric around the incident with its threshold, for the page's chart (read-only). */
  metricFor?(
    incidentId: string,
  ): Promise<{ series: MetricSeries; threshold?: number; alarmAt?: string } | undefined>;
};

/**
 * After the hosted UI signs someone in it returns to this page with `#id_token=…&state=<link token>`. The
 * fragment never reaches the server, so the page itself restores the link token and fills the form's
 * `id_token` field; the server verifies the token on POST.
 */
const OIDC_SCRIPT =
  "<script>(function(){var p=new URLSearchParams(location.hash.slice(1)),t=p.get('id_token'),s=p.get('state');" +
  "if(!t)return;var f=document.getElementById('id_token');" +
  "if(!f){if(s&&!new URLSearchParams(location.search).get('token'))location.replace('?token='+encodeURIComponent(s)+location.hash);return;}" +
  "f.value=t;document.getElementById('oidc-status').textContent='Signed in: you decide as your OIDC identity (oidc:<sub>).';" +
  "history.replaceState(null,'',location.pathname+location.search);})();</script>";

function oidcSection(oidc: OidcApprovers, token: string): string {
  const signIn = oidc.signInUrl
    ? `<a href="${escapeHtml(`${oidc.signInUrl}&state=${encodeURIComponent(token)}`)}">sign in with your approver account</a>`
    : "sign in with your approver account (Cognito hosted UI)";
  return (
    `<p id="oidc-status">To decide as your own signed-in identity (<code>oidc:&lt;sub&gt;</code>), ${signIn}; ` +
    "you come back to this page signed in.</p>" +
    '<input type="hidden" name="id_token" id="id_token" value="">'
  );
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
  deps: ApprovalHttpDeps,
): Promise<APIGatewayProxyStructuredResultV2> {
  const method = event.requestContext.http.method.toUpperCase();
  if (method === "GET") {
    const token = event.queryStringParameters?.token ?? "";
    const read = readApprovalToken(deps.secret, token, deps.now);
    if (!read.ok)
      return page(
        401,
        "This approval link cannot be used",
        `<p>${escapeHtml(read.reason)}.</p>${deps.oidc ? OIDC_SCRIPT : ""}`,
      );
    const pending = await deps.pendingApproval(read.claims.inc);
    if (!pending)
      return page(
        409,
        "Nothing to approve",
        `<p>Incident ${escapeHtml(read.claims.inc)} is not waiting for a decision.</p>`,
      );
    // The description is the Agent Inbox markdown: render it (sanitised), never print its syntax.
    const details = renderMarkdown(pending.description ?? "");
    const metric = await deps.metricFor?.(read.claims.inc).catch(() => undefined);
    const chart = metric
      ? metricSvg(metric.series, {
          ...(metric.threshold !== undefined ? { threshold: metric.threshold } : {}),
          ...(metric.alarmAt ? { events: [{ at: metric.alarmAt, label: "alarm" }] } : {}),
        })
      : "";
    // The link is the identity: a link bound to one approver signs as them; an unbound link can only reject.
    const sub = read.claims.sub;
    const who = sub
      ? `<p>Deciding as <strong>link:${escapeHtml(sub)}</strong> (this link was sent to you alone).</p>` +
        `<input type="hidden" name="approver" value="${escapeHtml(sub)}">`
      : deps.oidc
        ? '<p>This link is not bound to an approver: to approve, sign in below.</p><input type="hidden" name="approver" value="unbound-link">'
        : "<p>This link is not bound to an approver, so it can only reject. To approve, use the link sent to you, " +
          'or <code>air approve</code>.</p><input type="hidden" name="approver" value="unbound-link">';
    return page(
      200,
      `Approve ${pending.action_request.action}?`,
      `<div class="description">${details}</div>${chart ? `<figure>${chart}<figcaption>${escapeHtml(metric?.series.metric ?? "")} around the incident</figcaption></figure>` : ""}<form method="post"><input type="hidden" name="token" value="${escapeHtml(token)}">` +
        who +
        (deps.oidc ? oidcSection(deps.oidc, token) : "") +
        `<p><label>Comment <input name="comment"></label></p>` +
        (sub || deps.oidc ? `<button name="decision" value="accept">Approve</button> ` : "") +
        `<button name="decision" value="reject">Reject</button></form>` +
        (deps.oidc ? OIDC_SCRIPT : ""),
    );
  }
  if (method !== "POST") return page(405, "Method not allowed", "<p>Use the link's form.</p>");
  const fields = form(event);
  const decision = fields.get("decision");
  if (decision !== "accept" && decision !== "reject")
    return page(400, "No decision", "<p>Choose Approve or Reject.</p>");
  // With OIDC configured, a presented ID token must verify, and then it is who decides. Without OIDC
  // configured an ID token is ignored: the link alone authenticates, exactly as before.
  let authenticated: string | undefined;
  const idToken = deps.oidc ? idTokenFrom(event.headers, fields) : undefined;
  if (deps.oidc && idToken !== undefined) {
    const signedIn = await verifyIdToken(deps.oidc.verifier, idToken);
    if (!signedIn.ok) return page(401, "Sign-in not accepted", `<p>${escapeHtml(signedIn.reason)}.</p>`);
    authenticated = signedIn.identity;
  }
  const verified = await verifyApproval(
    {
      token: fields.get("token") ?? "",
      decision,
      approver: fields.get("approver") ?? "",
      comment: fields.get("comment") || undefined,
      ...(authenticated ? { authenticated } : {}),
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
