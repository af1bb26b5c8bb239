import { WebClient } from "@slack/web-api";
import { beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import type { HumanInterrupt } from "../../../graph/nodes/approval-payload.js";
import { verifyApproval as verifyProof } from "../../../graph/policy/approval-proof.js";
import type { WorkCommand } from "../../runtime/work-queue.js";
import { issueApprovalToken } from "../token.js";
import { MemoryUsedTokenStore } from "../token-store.js";
import { handleSlackInteraction, type SlackInteractionDeps } from "./interactivity.js";
import { APPROVE_ACTION, REJECT_ACTION } from "./messages.js";
import { slackSignature } from "./signature.js";

const SIGNING = "8f742231b10e8888abcd99yyyzzz85a5";
const SECRET = "s".repeat(40);
const NOW = new Date("2026-12-06T12:00:00Z");
const TS = String(NOW.getTime() / 1000);
const pending: HumanInterrupt = {
  action_request: { action: "ecs-rollback-service", args: { cluster: "prod", service: "checkout" } },
  config: { allow_accept: true, allow_edit: true, allow_ignore: true, allow_respond: true },
  description: "### rollback",
  binding: { incidentId: "inc-1", round: 1, risk: "medium" },
};

/** A block_actions body as Slack sends it: form-encoded `payload=<json>`. */
function clickBody(action: string, token: string, user = "U0ALICE", team = "T0ACME") {
  const payload = {
    type: "block_actions",
    user: { id: user, team_id: team, name: "alice (display names are never trusted)" },
    team: { id: team },
    channel: { id: "C0INC" },
    container: { channel_id: "C0INC", message_ts: "1700000000.000100" },
    message: { ts: "1700000000.000100" },
    actions: [{ action_id: action, value: token }],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function signed(body: string, ts = TS, secret = SIGNING) {
  return {
    rawBody: body,
    headers: { "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": slackSignature(secret, ts, body) },
  };
}

let queued: WorkCommand[];
let slack: WebClient;
let post: MockInstance<WebClient["chat"]["postMessage"]>;
let update: MockInstance<WebClient["chat"]["update"]>;
let usedTokens: MemoryUsedTokenStore;
let token: string;

function deps(over: Partial<SlackInteractionDeps> = {}): SlackInteractionDeps {
  return {
    signingSecret: SIGNING,
    secret: SECRET,
    now: NOW,
    usedTokens,
    pendingApproval: async (id) => (id === "inc-1" ? pending : undefined),
    allowedApprovers: ["slack:T0ACME/U0ALICE", "link:bob@example.com"],
    slack,
    queue: { enqueue: async (c) => void queued.push(c) },
    ...over,
  };
}

beforeEach(() => {
  queued = [];
  usedTokens = new MemoryUsedTokenStore();
  slack = new WebClient("xoxb-test-token");
  post = vi
    .spyOn(slack.chat, "postMessage")
    .mockResolvedValue({ ok: true, ts: "1700000000.000200", channel: "C0INC" });
  update = vi.spyOn(slack.chat, "update").mockResolvedValue({ ok: true });
  token = issueApprovalToken(SECRET, {
    incidentId: "inc-1",
    actionId: pending.action_request.action,
    args: pending.action_request.args,
    ttlSeconds: 600,
    now: NOW,
  }).token;
});

describe("Slack interactivity", () => {
  it("an allowed Slack user's approval resumes the run with a proof signed as slack:<team>/<user>", async () => {
    const res = await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token)), deps());
    expect(res.status).toBe(200);
    expect(queued).toHaveLength(1);
    const resume = queued[0]!.kind === "resume" ? queued[0]!.resume : undefined;
    expect(resume).toMatchObject({ decision: "accept", by: "slack:T0ACME/U0ALICE" });
    const proof = verifyProof(SECRET, (resume as { proof: string }).proof, {
      incidentId: "inc-1",
      round: 1,
      actionId: pending.action_request.action,
      params: pending.action_request.args,
      now: NOW,
    });
    expect(proof).toMatchObject({ ok: true, claims: { identity: "slack:T0ACME/U0ALICE" } });
    expect(update).toHaveBeenCalledWith(
      expect.objectContaining({ channel: "C0INC", ts: "1700000000.000100", blocks: [] }),
    );
    expect(post).toHaveBeenCalledWith(
      expect.objectContaining({
        thread_ts: "1700000000.000100",
        text: expect.stringContaining("Approved by <@U0ALICE>"),
      }),
    );
  });

  it("a reject from an allowed user is queued too", async () => {
    await handleSlackInteraction(signed(clickBody(REJECT_ACTION, token)), deps());
    expect(queued[0]).toMatchObject({ resume: { decision: "reject", by: "slack:T0ACME/U0ALICE" } });
  });

  it("refuses a forged request (wrong secret) and changes nothing", async () => {
    const res = await handleSlackInteraction(
      signed(clickBody(APPROVE_ACTION, token), TS, "not-the-secret"),
      deps(),
    );
    expect(res).toMatchObject({ status: 401, body: expect.stringMatching(/does not match/) });
    expect(queued).toEqual([]);
    expect(post).not.toHaveBeenCalled();
    // the token was not burned: the genuine click still works
    expect((await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token)), deps())).status).toBe(200);
  });

  it("refuses a body altered after signing (another token or user swapped in)", async () => {
    const req = signed(clickBody(APPROVE_ACTION, token));
    const res = await handleSlackInteraction(
      { ...req, rawBody: clickBody(APPROVE_ACTION, token, "U0MALLORY") },
      deps(),
    );
    expect(res.status).toBe(401);
    expect(queued).toEqual([]);
  });

  it("refuses an unsigned request and changes nothing", async () => {
    const res = await handleSlackInteraction(
      { rawBody: clickBody(APPROVE_ACTION, token), headers: {} },
      deps(),
    );
    expect(res).toMatchObject({ status: 401, body: expect.stringMatching(/unsigned/) });
    expect(queued).toEqual([]);
    expect(post).not.toHaveBeenCalled();
  });

  it("refuses a correctly signed request older than five minutes (and one from the future)", async () => {
    for (const skew of [-301, 301]) {
      const ts = String(NOW.getTime() / 1000 + skew);
      const res = await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token), ts), deps());
      expect(res).toMatchObject({ status: 401, body: expect.stringMatching(/within 300 s/) });
    }
    expect(queued).toEqual([]);
    // just inside the window is fine
    const ok = await handleSlackInteraction(
      signed(clickBody(APPROVE_ACTION, token), String(NOW.getTime() / 1000 - 299)),
      deps(),
    );
    expect(ok.status).toBe(200);
  });

  it("refuses a replay of a genuine request inside the window", async () => {
    const req = signed(clickBody(APPROVE_ACTION, token));
    expect((await handleSlackInteraction(req, deps())).status).toBe(200);
    const again = await handleSlackInteraction(req, deps());
    expect(again).toMatchObject({ status: 409, body: expect.stringMatching(/replay/) });
    expect(queued).toHaveLength(1);
  });

  it("refuses a Slack user not on the approver list, with a message in the thread, and queues nothing", async () => {
    const res = await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token, "U0MALLORY")), deps());
    expect(res.status).toBe(200);
    expect(queued).toEqual([]);
    expect(update).not.toHaveBeenCalled();
    expect(post).toHaveBeenCalledWith(
      expect.objectContaining({
        channel: "C0INC",
        thread_ts: "1700000000.000100",
        text: expect.stringMatching(
          /<@U0MALLORY>.*not accepted: slack:T0ACME\/U0MALLORY is not an allowed approver/,
        ),
      }),
    );
    // the same user id in another workspace is another identity
    await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token, "U0ALICE", "T0OTHER")), deps());
    expect(queued).toEqual([]);
  });

  it("a second click on the same request's token is refused as already used", async () => {
    await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token)), deps());
    const later = String(NOW.getTime() / 1000 + 5);
    await handleSlackInteraction(signed(clickBody(APPROVE_ACTION, token), later), deps());
    expect(queued).toHaveLength(1);
    expect(post).toHaveBeenLastCalledWith(
      expect.objectContaining({ text: expect.stringMatching(/already used/) }),
    );
  });
});
