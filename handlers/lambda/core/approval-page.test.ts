/** The approval link's page renders the Agent Inbox markdown (sanitised) and the metric chart; GET stays read-only. */
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { HumanInterrupt } from "../../../graph/nodes/approval-payload.js";
import { issueApprovalToken } from "../../approvals/token.js";
import { MemoryUsedTokenStore } from "../../approvals/token-store.js";
import type { WorkCommand } from "../../runtime/work-queue.js";
import { handleApprovalRequest } from "./approval-http.js";

const secret = "x".repeat(40);
const now = new Date("2026-11-26T12:00:00Z");
const pending: HumanInterrupt = {
  action_request: { action: "ecs-rollback-service", args: { cluster: "prod", service: "checkout" } },
  config: { allow_accept: true, allow_edit: true, allow_ignore: true, allow_respond: true },
  description:
    "### checkout-alb-5xx-high in ALARM\n**Proposed:** roll back `prod/checkout`\n**Risk:** medium\n- new: `ERROR <img src=x onerror=alert(1)>`",
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
const get = {
  requestContext: { http: { method: "GET" } },
  queryStringParameters: { token },
} as unknown as APIGatewayProxyEventV2;

describe("approval page", () => {
  it("renders the description's markdown instead of printing **Risk:** and ###, and drops injected HTML", async () => {
    const queued: WorkCommand[] = [];
    const used = new MemoryUsedTokenStore();
    const page = await handleApprovalRequest(get, {
      secret,
      now,
      usedTokens: used,
      pendingApproval: async () => pending,
      allowedApprovers: [],
      queue: { enqueue: async (c) => void queued.push(c) },
      metricFor: async () => ({
        series: {
          namespace: "AWS/ApplicationELB",
          metric: "HTTPCode_Target_5XX_Count",
          dimensions: {},
          stat: "Sum",
          periodSeconds: 60,
          points: [0, 1, 2, 3].map((m) => ({ time: `2026-11-26T11:5${m}:00.000Z`, value: m * 40 })),
        },
        threshold: 50,
        alarmAt: "2026-11-26T11:52:00.000Z",
      }),
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain("<h3>checkout-alb-5xx-high in ALARM</h3>");
    expect(page.body).toContain("<strong>Risk:</strong> medium");
    expect(page.body).not.toContain("**Risk:**");
    expect(page.body).not.toContain("###");
    expect(page.body).not.toContain("<img");
    expect(page.body).toContain("<code>ERROR &lt;img src=x onerror=alert(1)&gt;</code>"); // quoted as text
    expect(page.body).toMatch(/<svg[^>]+aria-label="HTTPCode_Target_5XX_Count/);
    expect(page.body).toContain("threshold 50");
    // GET has no side effects: nothing queued, the token still unused
    expect(queued).toEqual([]);
    expect(
      await used.consume(JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()).jti),
    ).toBe(true);
  });
});
