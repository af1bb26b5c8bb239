import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { HumanInterrupt } from "../../../graph/nodes/approval-payload.js";
import { verifyApproval as verifyProof } from "../../../graph/policy/approval-proof.js";
import { MemoryUsedTokenStore } from "../../approvals/token-store.js";
import type { WorkCommand } from "../../runtime/work-queue.js";
import { handleIamDecision, IAM_DECISION_PATH, type IamDecisionDeps } from "./iam-decision.js";

const SECRET = "s".repeat(64);
const ALICE = "arn:aws:sts::123456789012:assumed-role/oncall/alice";
const MALLORY = "arn:aws:iam::123456789012:user/mallory";
const NOW = new Date("2026-12-06T12:00:00Z");

const pending: HumanInterrupt = {
  action_request: { action: "rollback-deployment", args: { service: "checkout", toVersion: "v41" } },
  config: { allow_ignore: false, allow_respond: true, allow_edit: true, allow_accept: true },
  binding: { incidentId: "inc-1", round: 2, risk: "medium" },
};

function event(body: unknown, userArn?: string, method = "POST"): APIGatewayProxyEventV2 {
  return {
    rawPath: IAM_DECISION_PATH,
    body: typeof body === "string" ? body : JSON.stringify(body),
    isBase64Encoded: false,
    headers: {},
    requestContext: {
      http: { method },
      ...(userArn ? { authorizer: { iam: { userArn, accountId: "123456789012" } } } : {}),
    },
  } as unknown as APIGatewayProxyEventV2;
}

function deps(allowed = [`iam:${ALICE}`]) {
  const queued: WorkCommand[] = [];
  const d: IamDecisionDeps = {
    secret: SECRET,
    now: NOW,
    usedTokens: new MemoryUsedTokenStore(),
    allowedApprovers: allowed,
    pendingApproval: async (id) => (id === "inc-1" ? pending : undefined),
    queue: { enqueue: async (c) => void queued.push(c) },
  };
  return { d, queued };
}

describe("IAM-authenticated console decisions", () => {
  it("refuses a request without an IAM principal and queues nothing", async () => {
    const { d, queued } = deps();
    const res = await handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }), d);
    expect(res.statusCode).toBe(401);
    expect(queued).toEqual([]);
  });

  it("ignores an identity claimed in the body: only the request context counts", async () => {
    const { d, queued } = deps();
    const forged = { incidentId: "inc-1", decision: "accept", by: `iam:${ALICE}` };
    expect((await handleIamDecision(event(forged), d)).statusCode).toBe(401);
    // An unknown field is refused outright even with a principal (the schema is strict).
    expect((await handleIamDecision(event(forged, ALICE), d)).statusCode).toBe(400);
    expect(queued).toEqual([]);
  });

  it("refuses a principal that is not on the approver list, without burning the round", async () => {
    const { d, queued } = deps();
    const res = await handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }, MALLORY), d);
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain(`iam:${MALLORY} is not an allowed approver`);
    expect(queued).toEqual([]);
    // Alice can still decide afterwards.
    const ok = await handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }, ALICE), d);
    expect(ok.statusCode).toBe(202);
  });

  it("accepts an allowed principal: one resume, signed as iam:<arn> for this round and these args", async () => {
    const { d, queued } = deps();
    const res = await handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }, ALICE), d);
    expect(res.statusCode).toBe(202);
    expect(queued).toHaveLength(1);
    const [command] = queued;
    expect(command).toMatchObject({ kind: "resume", incidentId: "inc-1", commandId: "iam-inc-1-2" });
    const resume = (command as { resume: { decision: string; by: string; proof: string } }).resume;
    expect(resume.by).toBe(`iam:${ALICE}`);
    const proofCheck = verifyProof(SECRET, resume.proof, {
      incidentId: "inc-1",
      round: 2,
      actionId: "rollback-deployment",
      params: pending.action_request.args,
      now: NOW,
    });
    expect(proofCheck).toMatchObject({ ok: true, claims: { identity: `iam:${ALICE}` } });
    // The same decision again (a retry, a double click, another approver) resumes nothing more.
    const again = await handleIamDecision(event({ incidentId: "inc-1", decision: "reject" }, ALICE), d);
    expect(again.statusCode).toBe(409);
    expect(queued).toHaveLength(1);
  });

  it("resumes exactly once when several decisions race for the same round", async () => {
    const { d, queued } = deps([`iam:${ALICE}`, `iam:${MALLORY}`]);
    const results = await Promise.all([
      handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }, ALICE), d),
      handleIamDecision(event({ incidentId: "inc-1", decision: "reject" }, MALLORY), d),
      handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }, ALICE), d),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([202, 409, 409]);
    expect(queued).toHaveLength(1);
  });

  it("answers GET with the caller's identity and changes nothing", async () => {
    const { d, queued } = deps();
    const res = await handleIamDecision(event("", MALLORY, "GET"), d);
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body as string)).toEqual({ ok: true, identity: `iam:${MALLORY}` });
    expect((await handleIamDecision(event("", undefined, "GET"), d)).statusCode).toBe(401);
    expect(queued).toEqual([]);
  });

  it("refuses malformed bodies, a GET, and an incident that is not waiting", async () => {
    const { d, queued } = deps();
    expect((await handleIamDecision(event("not json", ALICE), d)).statusCode).toBe(400);
    expect(
      (await handleIamDecision(event({ incidentId: "inc-1", decision: "ok" }, ALICE), d)).statusCode,
    ).toBe(400);
    expect(
      (await handleIamDecision(event({ incidentId: "inc-1", decision: "edit" }, ALICE), d)).statusCode,
    ).toBe(400);
    expect((await handleIamDecision(event({}, ALICE, "PUT"), d)).statusCode).toBe(405);
    expect(
      (await handleIamDecision(event({ incidentId: "inc-9", decision: "accept" }, ALICE), d)).statusCode,
    ).toBe(409);
    expect(
      (await handleIamDecision(event({ incidentId: "inc-1", decision: "accept" }, "alice"), d)).statusCode,
    ).toBe(401);
    expect(queued).toEqual([]);
  });
});
