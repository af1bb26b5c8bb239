import { describe, expect, it } from "vitest";
import { readApprovalToken } from "../approvals/token.js";
import { approvalLinksFromEnv } from "./approval-links.js";

const SECRET = "s".repeat(40);
const now = new Date("2026-12-06T12:00:00Z");

async function tokenOf(approvalTimeoutMinutes: number): Promise<string> {
  const links = approvalLinksFromEnv(
    {
      AIR_APPROVAL_URL: "https://example.lambda-url.eu-west-1.on.aws/",
      AIR_APPROVAL_MAX_WAIT_MINUTES: approvalTimeoutMinutes,
    },
    SECRET,
    () => now,
  );
  const url = new URL(
    await (links as NonNullable<typeof links>).create({
      incidentId: "inc-1",
      actionId: "ecs-rollback-service",
      params: {},
    }),
  );
  return url.searchParams.get("token") ?? "";
}

describe("approval links live as long as the approval may wait", () => {
  it("a 4-hour approval timeout gives a link valid for 4 hours, not 1", async () => {
    const token = await tokenOf(240);
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    expect(readApprovalToken(SECRET, token, at(239)).ok).toBe(true);
    expect(readApprovalToken(SECRET, token, at(241)).ok).toBe(false);
  });

  it("a 15-minute timeout gives a 15-minute link", async () => {
    const token = await tokenOf(15);
    expect(readApprovalToken(SECRET, token, new Date(now.getTime() + 16 * 60_000)).ok).toBe(false);
  });

  it("no approval URL, no links", () => {
    expect(approvalLinksFromEnv({ AIR_APPROVAL_MAX_WAIT_MINUTES: 60 }, SECRET)).toBeUndefined();
  });
});
