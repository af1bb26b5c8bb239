import { describe, expect, it } from "vitest";
import { parseApprovalResponse } from "./approval-response.js";

const at = "2026-11-26T12:00:00Z";

describe("approval responses", () => {
  it("accepts our own shape", () => {
    const r = parseApprovalResponse({ decision: "accept", by: "alice" }, at);
    expect(r).toEqual({ ok: true, approval: { decision: "accept", by: "alice", at } });
  });

  it("accepts Agent Inbox responses, single or in a list", () => {
    expect(parseApprovalResponse([{ type: "accept", args: null }], at)).toMatchObject({
      ok: true,
      approval: { decision: "accept" },
    });
    expect(parseApprovalResponse({ type: "ignore", args: null }, at)).toMatchObject({
      ok: true,
      approval: { decision: "reject" },
    });
    expect(parseApprovalResponse({ type: "response", args: "not now" }, at)).toMatchObject({
      ok: true,
      approval: { decision: "reject", comment: "not now" },
    });
    expect(
      parseApprovalResponse(
        { type: "edit", args: { action: "asg-set-desired-capacity", args: { DesiredCapacity: 4 } } },
        at,
      ),
    ).toMatchObject({
      ok: true,
      approval: { decision: "edit", edited: { actionId: "asg-set-desired-capacity" } },
    });
  });

  it("explains what is wrong with anything else", () => {
    const r = parseApprovalResponse({ yes: true }, at);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/decision/);
    const edit = parseApprovalResponse({ decision: "edit", by: "bob" }, at);
    expect(edit.ok).toBe(false);
  });
});
