/**
 * The Slack messages: the approval request (evidence summary and Approve / Reject buttons carrying the
 * signed approval token) and the lifecycle lines posted in its thread. Block Kit JSON, built from data.
 */
import type { Notification } from "../../../tools/domain/index.js";

export const APPROVE_ACTION = "air_approve";
export const REJECT_ACTION = "air_reject";

/** Slack's mrkdwn differs from markdown: bold is `*x*`, headings do not exist. */
export function toMrkdwn(markdown: string): string {
  return markdown
    .replace(/^#{1,6}\s+(.*)$/gm, "*$1*")
    .replace(/\*\*(.+?)\*\*/g, "*$1*")
    .slice(0, 2900);
}

export function approvalRequestMessage(n: Notification, token: string) {
  return {
    text: `Approval needed: ${n.subject}`,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: toMrkdwn(n.body) } },
      {
        type: "actions",
        block_id: `air:${n.incidentId}`.slice(0, 255),
        elements: [
          {
            type: "button",
            action_id: APPROVE_ACTION,
            style: "primary",
            text: { type: "plain_text", text: "Approve" },
            value: token,
          },
          {
            type: "button",
            action_id: REJECT_ACTION,
            style: "danger",
            text: { type: "plain_text", text: "Reject" },
            value: token,
          },
        ],
      },
      ...(n.link
        ? [{ type: "context", elements: [{ type: "mrkdwn", text: `<${n.link}|Open the approval page>` }] }]
        : []),
    ],
  };
}

/** The lifecycle line for the thread: what happened, in the notification's own words. */
export function lifecycleText(n: Notification): string {
  const icon = {
    "approval-request": ":raising_hand:",
    escalation: ":rotating_light:",
    resolved: ":white_check_mark:",
    info: ":information_source:",
  }[n.kind];
  return `${icon} ${n.subject}`;
}

/** The approval token a notification's signed link carries (`?token=`), if any. */
export function tokenFromLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  try {
    return new URL(link).searchParams.get("token") ?? undefined;
  } catch {
    return undefined;
  }
}
