/**
 * Slack's interactivity request (a click on Approve / Reject). Order matters: the signature and its age are
 * checked before anything is read or written, so a forged, unsigned or stale request changes nothing; a
 * replay of a genuine request inside the window is refused by consuming the signature once; then the Slack
 * user (the team and user ids in the signed payload) is the authenticated identity `slack:<team>/<user>`, and
 * the decision goes through `verifyApproval` — the token's binding, the approver list, single use — exactly
 * like the approval link. A refused user is told why in the message's thread.
 */
import { createHash } from "node:crypto";
import type { WorkQueue } from "../../runtime/work-queue.js";
import { type VerifyDeps, verifyApproval } from "../verify.js";
import type { SlackClient } from "./client.js";
import { APPROVE_ACTION, REJECT_ACTION } from "./messages.js";
import { SLACK_TOLERANCE_SECONDS, verifySlackSignature } from "./signature.js";

export interface SlackInteractionDeps extends VerifyDeps {
  signingSecret: string;
  slack: SlackClient;
  queue: WorkQueue;
}

export interface SlackHttpRequest {
  /** The raw body exactly as received (the signature covers these bytes). */
  rawBody: string;
  headers: Record<string, string | undefined>;
}

export interface SlackHttpResponse {
  status: 200 | 400 | 401 | 409;
  body: string;
}

interface BlockActionsPayload {
  type: string;
  user?: { id?: string; team_id?: string };
  team?: { id?: string };
  actions?: { action_id?: string; value?: string }[];
  channel?: { id?: string };
  container?: { channel_id?: string; message_ts?: string };
  message?: { ts?: string; thread_ts?: string };
}

const header = (headers: SlackHttpRequest["headers"], name: string) =>
  Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];

/** The Slack identity in a signed payload: team and user ids, never a name. */
export function slackIdentity(payload: BlockActionsPayload): string | undefined {
  const team = payload.user?.team_id ?? payload.team?.id;
  const user = payload.user?.id;
  if (!team || !user || !/^[A-Z0-9]+$/.test(team) || !/^[A-Z0-9]+$/.test(user)) return undefined;
  return `slack:${team}/${user}`;
}

export async function handleSlackInteraction(
  request: SlackHttpRequest,
  deps: SlackInteractionDeps,
): Promise<SlackHttpResponse> {
  const timestamp = header(request.headers, "x-slack-request-timestamp");
  const signature = header(request.headers, "x-slack-signature");
  const check = verifySlackSignature({
    signingSecret: deps.signingSecret,
    rawBody: request.rawBody,
    timestamp,
    signature,
    now: deps.now,
  });
  if (!check.ok) return { status: 401, body: check.reason };
  const nonce = `slack-request:${createHash("sha256")
    .update(signature ?? "")
    .digest("hex")}`;
  if (!(await deps.usedTokens.consume(nonce, Number(timestamp) + SLACK_TOLERANCE_SECONDS, "slack")))
    return { status: 409, body: "this Slack request was already handled (replay refused)" };

  let payload: BlockActionsPayload;
  try {
    payload = JSON.parse(new URLSearchParams(request.rawBody).get("payload") ?? "");
  } catch {
    return { status: 400, body: "the request has no JSON payload field" };
  }
  const action = payload.actions?.[0];
  if (payload.type !== "block_actions" || !action?.value)
    return { status: 400, body: "not an Approve / Reject click" };
  const decision =
    action.action_id === APPROVE_ACTION
      ? "accept"
      : action.action_id === REJECT_ACTION
        ? "reject"
        : undefined;
  if (!decision) return { status: 400, body: `unknown action ${action.action_id}` };
  const channel = payload.channel?.id ?? payload.container?.channel_id;
  const ts = payload.message?.thread_ts ?? payload.message?.ts ?? payload.container?.message_ts;
  const reply = async (text: string) => {
    if (channel && ts) await deps.slack.chat.postMessage({ channel, thread_ts: ts, text });
  };
  const identity = slackIdentity(payload);
  if (!identity) {
    await reply("This click carries no Slack team and user id, so it cannot be taken as a decision.");
    return { status: 200, body: "" };
  }
  const verified = await verifyApproval(
    { token: action.value, decision, approver: identity, authenticated: identity },
    deps,
  );
  const who = `<@${payload.user?.id}>`;
  if (!verified.ok) {
    await reply(
      `${who} your ${decision === "accept" ? "approval" : "rejection"} was not accepted: ${verified.reason}.`,
    );
    return { status: 200, body: "" };
  }
  await deps.queue.enqueue({
    kind: "resume",
    incidentId: verified.incidentId,
    resume: verified.resume,
    commandId: `slack-${verified.incidentId}-${nonce.slice(-16)}`,
  });
  if (channel && payload.message?.ts)
    await deps.slack.chat.update({
      channel,
      ts: payload.message.ts,
      text: `${decision === "accept" ? "Approved" : "Rejected"} by ${who} (${identity})`,
      blocks: [],
    });
  await reply(
    `${decision === "accept" ? ":white_check_mark: Approved" : ":no_entry: Rejected"} by ${who}; the responder continues now.`,
  );
  return { status: 200, body: "" };
}
