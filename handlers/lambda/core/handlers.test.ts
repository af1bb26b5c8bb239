import { Logger } from "@aws-lambda-powertools/logger";
import type { APIGatewayProxyEventV2, SQSEvent, SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { HumanInterrupt } from "../../../graph/nodes/approval-payload.js";
import { verifyApproval as verifyProof } from "../../../graph/policy/approval-proof.js";
import { FakeCognito } from "../../approvals/oidc-test-support.js";
import { issueApprovalToken } from "../../approvals/token.js";
import { MemoryUsedTokenStore } from "../../approvals/token-store.js";
import type { Responder } from "../../runtime/responder.js";
import type { WorkCommand } from "../../runtime/work-queue.js";
import { handleApprovalRequest } from "./approval-http.js";
import { handleIntakeEvent, RejectedEventError } from "./intake-event.js";
import { handleWorkBatch, parseWorkRecord } from "./worker-batch.js";

const logger = new Logger({ serviceName: "air-test", logLevel: "SILENT" });

function sqsRecord(id: string, body: string, group?: string): SQSRecord {
  return {
    messageId: id,
    receiptHandle: id,
    body,
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: "0",
      ...(group ? { MessageGroupId: group } : {}),
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:q",
    awsRegion: "us-east-1",
  } as SQSRecord;
}

const fakeIntake = (seen: unknown[]) =>
  ({
    async ingest(event: { bad?: boolean }) {
      seen.push(event);
      if (event.bad) {
        return {
          ok: false,
          error: {
            code: "invalid-field",
            message: "alarm name missing",
            path: "$.detail.alarmName",
            hint: "send the event as delivered",
            issues: [],
          },
        };
      }
      return { ok: true, kind: "eventbridge-alarm", decisions: [] };
    },
  }) as unknown as Responder;

describe("intake Lambda", () => {
  it("reports a malformed SQS record as a batch item failure and processes the rest", async () => {
    const seen: unknown[] = [];
    const event = {
      Records: [
        sqsRecord("1", "{}"),
        sqsRecord("2", JSON.stringify({ bad: true })),
        sqsRecord("3", "not json"),
        sqsRecord("4", "{}"),
      ],
    };
    const response = await handleIntakeEvent(event, fakeIntake(seen), logger);
    expect(response?.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(["2", "3"]);
    expect(seen).toHaveLength(3);
  });

  it("throws on a malformed EventBridge delivery so it is retried and dead-lettered, saying where", async () => {
    await expect(handleIntakeEvent({ bad: true }, fakeIntake([]), logger)).rejects.toThrow(
      RejectedEventError,
    );
    await expect(handleIntakeEvent({ bad: true }, fakeIntake([]), logger)).rejects.toThrow(
      /\$\.detail\.alarmName/,
    );
  });
});

describe("worker Lambda", () => {
  it("fails the rest of a failed message's group, preserving its order, and goes on with other incidents", async () => {
    const done: WorkCommand[] = [];
    const responder = {
      async work(command: WorkCommand) {
        if (command.incidentId === "boom") throw new Error("crash");
        done.push(command);
      },
    } as unknown as Responder;
    const cmd = (id: string) => JSON.stringify({ kind: "start", incidentId: id });
    const event: SQSEvent = {
      Records: [
        sqsRecord("1", cmd("a"), "a"),
        sqsRecord("2", cmd("boom"), "boom"),
        sqsRecord("3", JSON.stringify({ kind: "continue", incidentId: "boom" }), "boom"),
        sqsRecord("4", cmd("c"), "c"),
      ],
    };
    const response = await handleWorkBatch(event, responder, logger);
    // A poison command of one incident must not hold back (and in the end dead-letter) another's.
    expect(done.map((c) => c.incidentId)).toEqual(["a", "c"]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["2", "3"]);
  });

  it("reports a message that is not JSON as a batch item failure with a clear reason, not a crash", async () => {
    const done: WorkCommand[] = [];
    const responder = { work: async (c: WorkCommand) => void done.push(c) } as unknown as Responder;
    const event: SQSEvent = {
      Records: [
        sqsRecord("1", JSON.stringify({ kind: "start", incidentId: "a" }), "a"),
        sqsRecord("2", "{oops", "b"),
      ],
    };
    const response = await handleWorkBatch(event, responder, logger);
    expect(done.map((c) => c.incidentId)).toEqual(["a"]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["2"]);
    expect(() => parseWorkRecord(sqsRecord("9", "{oops"))).toThrow(
      /work command 9 is not JSON .* dead-lettered/,
    );
    expect(() => parseWorkRecord(sqsRecord("9", "{}"))).toThrow(/work command 9 is malformed: kind/);
  });
});

describe("approval function URL", () => {
  const secret = "x".repeat(40);
  const now = new Date("2026-11-26T12:00:00Z");
  const pending: HumanInterrupt = {
    action_request: { action: "ec2-restart-instance", args: { InstanceId: "i-0abc12345678" } },
    config: { allow_accept: true, allow_edit: true, allow_ignore: true, allow_respond: true },
    description: "Restart <script>alert(1)</script>",
    binding: { incidentId: "inc-1", round: 1, risk: "medium" },
  };
  const token = issueApprovalToken(secret, {
    incidentId: "inc-1",
    actionId: pending.action_request.action,
    args: pending.action_request.args,
    ttlSeconds: 600,
    now,
    approver: "alice",
  }).token;
  const http = (method: string, extra: Partial<APIGatewayProxyEventV2> = {}) =>
    ({ requestContext: { http: { method } }, ...extra }) as unknown as APIGatewayProxyEventV2;

  function deps(queued: WorkCommand[]) {
    return {
      secret,
      now,
      usedTokens: new MemoryUsedTokenStore(),
      pendingApproval: async (id: string) => (id === "inc-1" ? pending : undefined),
      allowedApprovers: [],
      queue: { enqueue: async (c: WorkCommand) => void queued.push(c) },
    };
  }

  it("GET shows the form and never decides; untrusted text is escaped", async () => {
    const queued: WorkCommand[] = [];
    const page = await handleApprovalRequest(http("GET", { queryStringParameters: { token } }), deps(queued));
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    expect(page.body).not.toContain("<script>");
    expect(page.body).toContain("Deciding as <strong>link:alice</strong>");
    expect(queued).toEqual([]);
  });

  it("without a valid token the page says what is missing and changes nothing", async () => {
    const queued: WorkCommand[] = [];
    const none = await handleApprovalRequest(http("GET", { queryStringParameters: {} }), deps(queued));
    expect(none.statusCode).toBe(401);
    expect(none.body).toMatch(/cannot be used/);
    const post = await handleApprovalRequest(
      http("POST", { body: new URLSearchParams({ decision: "accept", approver: "alice" }).toString() }),
      deps(queued),
    );
    expect(post.statusCode).toBe(401);
    expect(queued).toEqual([]);
  });

  it("an unbound link offers only Reject, and an accept through it is refused", async () => {
    const queued: WorkCommand[] = [];
    const unbound = issueApprovalToken(secret, {
      incidentId: "inc-1",
      actionId: pending.action_request.action,
      args: pending.action_request.args,
      ttlSeconds: 600,
      now,
    }).token;
    const form = await handleApprovalRequest(
      http("GET", { queryStringParameters: { token: unbound } }),
      deps(queued),
    );
    expect(form.body).not.toContain('value="accept"');
    const body = new URLSearchParams({ token: unbound, decision: "accept", approver: "alice" }).toString();
    expect((await handleApprovalRequest(http("POST", { body }), deps(queued))).statusCode).toBe(403);
    expect(queued).toEqual([]);
  });

  it("POST with a valid token queues the resume once; a second POST is refused", async () => {
    const queued: WorkCommand[] = [];
    const d = deps(queued);
    const body = new URLSearchParams({ token, decision: "accept", approver: "alice" }).toString();
    const first = await handleApprovalRequest(http("POST", { body }), d);
    expect(first.statusCode).toBe(202);
    expect(queued).toMatchObject([
      { kind: "resume", incidentId: "inc-1", resume: { decision: "accept", by: "link:alice" } },
    ]);
    // The queued accept carries a signed approval the graph will verify: bound to this action and round.
    const proof = (queued[0] as { resume: { proof?: string } }).resume.proof;
    expect(
      verifyProof(secret, proof, {
        incidentId: "inc-1",
        round: 1,
        actionId: "ec2-restart-instance",
        params: pending.action_request.args,
        now,
      }),
    ).toMatchObject({ ok: true, claims: { identity: "link:alice" } });
    const second = await handleApprovalRequest(http("POST", { body }), d);
    expect(second.statusCode).toBe(409);
    expect(queued).toHaveLength(1);
  });

  it("POST with a forged token is refused", async () => {
    const body = new URLSearchParams({
      token: `${token.slice(0, -3)}abc`,
      decision: "accept",
      approver: "alice",
    }).toString();
    expect((await handleApprovalRequest(http("POST", { body }), deps([]))).statusCode).toBe(401);
  });
  describe("with OIDC approvers (Cognito ID token)", () => {
    const cognito = new FakeCognito();
    const sub = "0f1e2d3c-aaaa-bbbb-cccc-123456789abc";
    const unbound = () =>
      issueApprovalToken(secret, {
        incidentId: "inc-1",
        actionId: pending.action_request.action,
        args: pending.action_request.args,
        ttlSeconds: 600,
        now,
      }).token;
    const oidcDeps = (queued: WorkCommand[], allowedApprovers: string[] = []) => ({
      ...deps(queued),
      allowedApprovers,
      oidc: {
        verifier: cognito.verifier(),
        signInUrl:
          "https://air-approvers.auth.us-east-1.amazoncognito.com/login?client_id=c&response_type=token",
      },
    });

    it("GET says how to sign in, carrying the link token through the hosted UI", async () => {
      const link = unbound();
      const form = await handleApprovalRequest(
        http("GET", { queryStringParameters: { token: link } }),
        oidcDeps([]),
      );
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain("sign in with your approver account");
      expect(form.body).toContain(`state=${encodeURIComponent(link)}`);
      expect(form.body).toContain('name="id_token"');
      expect(form.body).toContain('value="accept"');
    });

    it("an accept with a valid ID token signs as oidc:<sub>, even through an unbound link", async () => {
      const queued: WorkCommand[] = [];
      const body = new URLSearchParams({ token: unbound(), decision: "accept" }).toString();
      const response = await handleApprovalRequest(
        http("POST", { body, headers: { authorization: `Bearer ${cognito.idToken()}` } }),
        oidcDeps(queued, [`oidc:${sub}`]),
      );
      expect(response.statusCode).toBe(202);
      expect(queued).toMatchObject([{ resume: { decision: "accept", by: `oidc:${sub}` } }]);
      const proof = (queued[0] as { resume: { proof?: string } }).resume.proof;
      expect(
        verifyProof(secret, proof, {
          incidentId: "inc-1",
          round: 1,
          actionId: "ec2-restart-instance",
          params: pending.action_request.args,
          now,
        }),
      ).toMatchObject({ ok: true, claims: { identity: `oidc:${sub}` } });
    });

    it("reads the ID token from the id_token form field too", async () => {
      const queued: WorkCommand[] = [];
      const body = new URLSearchParams({
        token: unbound(),
        decision: "accept",
        id_token: cognito.idToken(),
      }).toString();
      expect((await handleApprovalRequest(http("POST", { body }), oidcDeps(queued))).statusCode).toBe(202);
      expect(queued).toMatchObject([{ resume: { by: `oidc:${sub}` } }]);
    });

    it("an identity not on the allow-list is refused and the link is not burnt", async () => {
      const queued: WorkCommand[] = [];
      const d = oidcDeps(queued, ["oidc:someone-else"]);
      const body = new URLSearchParams({ token: unbound(), decision: "accept" }).toString();
      const refused = await handleApprovalRequest(
        http("POST", { body, headers: { authorization: `Bearer ${cognito.idToken()}` } }),
        d,
      );
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain(`oidc:${sub} is not an allowed approver`);
      expect(queued).toEqual([]);
    });

    it("a bad ID token is refused outright (expired, other client), never downgraded to the link", async () => {
      const queued: WorkCommand[] = [];
      const old = Math.floor(Date.now() / 1000) - 7200;
      for (const [idToken, reason] of [
        [cognito.idToken({}, old), /expired/],
        [cognito.idToken({ aud: "otherclient" }), /wrong audience/],
        [new FakeCognito().idToken(), /signature is not valid/],
      ] as const) {
        // A link bound to alice would accept on its own; the failed sign-in must not fall back to it.
        const body = new URLSearchParams({ token, decision: "accept", approver: "alice" }).toString();
        const response = await handleApprovalRequest(
          http("POST", { body, headers: { authorization: `Bearer ${idToken}` } }),
          oidcDeps(queued),
        );
        expect(response.statusCode).toBe(401);
        expect(response.body).toMatch(reason);
      }
      expect(queued).toEqual([]);
    });

    it("the link is still required: an ID token alone decides nothing, and the link is single use", async () => {
      const queued: WorkCommand[] = [];
      const d = oidcDeps(queued);
      const headers = { authorization: `Bearer ${cognito.idToken()}` };
      const noLink = new URLSearchParams({ decision: "accept" }).toString();
      expect((await handleApprovalRequest(http("POST", { body: noLink, headers }), d)).statusCode).toBe(401);
      const body = new URLSearchParams({ token: unbound(), decision: "accept" }).toString();
      expect((await handleApprovalRequest(http("POST", { body, headers }), d)).statusCode).toBe(202);
      expect((await handleApprovalRequest(http("POST", { body, headers }), d)).statusCode).toBe(409);
      expect(queued).toHaveLength(1);
    });

    it("without a sign-in, a bound link works exactly as before", async () => {
      const queued: WorkCommand[] = [];
      const body = new URLSearchParams({
        token,
        decision: "accept",
        approver: "alice",
        id_token: "",
      }).toString();
      expect((await handleApprovalRequest(http("POST", { body }), oidcDeps(queued))).statusCode).toBe(202);
      expect(queued).toMatchObject([{ resume: { by: "link:alice" } }]);
    });
  });

  it("without OIDC configured an ID token is ignored: an unbound link still cannot accept", async () => {
    const queued: WorkCommand[] = [];
    const cognito = new FakeCognito();
    const link = issueApprovalToken(secret, {
      incidentId: "inc-1",
      actionId: pending.action_request.action,
      args: pending.action_request.args,
      ttlSeconds: 600,
      now,
    }).token;
    const body = new URLSearchParams({ token: link, decision: "accept", approver: "alice" }).toString();
    const response = await handleApprovalRequest(
      http("POST", { body, headers: { authorization: `Bearer ${cognito.idToken()}` } }),
      deps(queued),
    );
    expect(response.statusCode).toBe(403);
    const form = await handleApprovalRequest(http("GET", { queryStringParameters: { token } }), deps(queued));
    expect(form.body).not.toContain("id_token");
    expect(queued).toEqual([]);
  });
});
