import { WebClient } from "@slack/web-api";
import { describe, expect, it, vi } from "vitest";
import type { Notification } from "../../../tools/domain/index.js";
import { MemorySlackThreads } from "./client.js";
import { APPROVE_ACTION, REJECT_ACTION } from "./messages.js";
import { SlackNotifier } from "./notifier.js";

const request: Notification = {
  kind: "approval-request",
  incidentId: "inc-1",
  subject: "Approve ecs-rollback-service on prod/checkout?",
  body: "### checkout-alb-5xx-high\n**Risk:** medium",
  link: "https://approve.example/?token=abc.def",
};

function setup() {
  const slack = new WebClient("xoxb-test");
  const post = vi
    .spyOn(slack.chat, "postMessage")
    .mockResolvedValue({ ok: true, ts: "111.222", channel: "C0INC" });
  const sent: Notification[] = [];
  const notifier = new SlackNotifier(
    { notify: async (n) => void sent.push(n) },
    slack,
    "C0INC",
    new MemorySlackThreads(),
  );
  return { post, sent, notifier };
}

describe("SlackNotifier", () => {
  it("posts the approval request with the evidence in Slack's mrkdwn and Approve / Reject buttons carrying the token", async () => {
    const { post, sent, notifier } = setup();
    await notifier.notify(request);
    expect(sent).toEqual([request]);
    const args = post.mock.calls[0]![0] as {
      channel: string;
      blocks: { type: string; elements?: { action_id: string; value: string }[]; text?: { text: string } }[];
    };
    expect(args.channel).toBe("C0INC");
    expect(args.blocks[0]?.text?.text).toBe("*checkout-alb-5xx-high*\n*Risk:* medium");
    const buttons = args.blocks.find((b) => b.type === "actions")?.elements ?? [];
    expect(buttons.map((b) => [b.action_id, b.value])).toEqual([
      [APPROVE_ACTION, "abc.def"],
      [REJECT_ACTION, "abc.def"],
    ]);
  });

  it("sends lifecycle updates (executing, verified, rolled back, escalated) to the request's thread", async () => {
    const { post, notifier } = setup();
    await notifier.notify(request);
    for (const [kind, subject] of [
      ["info", "Executing ecs-rollback-service"],
      ["resolved", "Verified: 5xx back under threshold"],
      ["escalation", "Rolled back and escalated to checkout-oncall"],
    ] as const)
      await notifier.notify({ kind, incidentId: "inc-1", subject, body: "" });
    const replies = post.mock.calls.slice(1).map((c) => c[0] as { thread_ts?: string; text?: string });
    expect(replies.map((r) => r.thread_ts)).toEqual(["111.222", "111.222", "111.222"]);
    expect(replies.map((r) => r.text)).toEqual([
      ":information_source: Executing ecs-rollback-service",
      ":white_check_mark: Verified: 5xx back under threshold",
      ":rotating_light: Rolled back and escalated to checkout-oncall",
    ]);
  });

  it("never lets a Slack outage stop the run, and still notifies the wrapped channel", async () => {
    const { post, sent, notifier } = setup();
    post.mockRejectedValue(new Error("slack down"));
    await expect(notifier.notify(request)).resolves.toBeUndefined();
    expect(sent).toHaveLength(1);
  });

  it("posts nothing for an incident it never posted a request for", async () => {
    const { post, notifier } = setup();
    await notifier.notify({ kind: "resolved", incidentId: "other", subject: "done", body: "" });
    expect(post).not.toHaveBeenCalled();
  });

  it("posts executing, verification and rollback lines from the run's timeline to the thread, nothing else", async () => {
    const { post, notifier } = setup();
    await notifier.lifecycle("inc-1", {
      time: "t",
      node: "execute",
      summary: "ecs-rollback-service started",
    });
    expect(post).not.toHaveBeenCalled(); // no request was posted for inc-1 yet: no thread
    await notifier.notify(request);
    for (const [node, summary] of [
      ["triage", "SEV2 deployment"],
      ["execute", "ecs-rollback-service started"],
      ["verify", "recovered: below 50 for 3 minutes"],
      ["rollback", "rolled back to checkout:42"],
    ] as const)
      await notifier.lifecycle("inc-1", { time: "t", node, summary });
    const replies = post.mock.calls.slice(1).map((c) => c[0] as { thread_ts?: string; text?: string });
    expect(replies).toEqual([
      expect.objectContaining({ thread_ts: "111.222", text: ":gear: execute: ecs-rollback-service started" }),
      expect.objectContaining({
        thread_ts: "111.222",
        text: ":mag: verify: recovered: below 50 for 3 minutes",
      }),
      expect.objectContaining({
        thread_ts: "111.222",
        text: ":rewind: rollback: rolled back to checkout:42",
      }),
    ]);
  });
});
