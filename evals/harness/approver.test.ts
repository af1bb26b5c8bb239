import { describe, expect, it } from "vitest";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { Scenario } from "../scenario/index.js";
import { type ApprovalAsked, scriptedApprover } from "./approver.js";

const request = {
  action_request: {
    action: "lambda-rollback-alias",
    args: { functionName: "f", alias: "live", version: "2" },
  },
  binding: { incidentId: "inc-1", round: 1 },
} as unknown as HumanInterrupt;

function scenarioWith(approver: Partial<Scenario["approver"]>): Scenario {
  return {
    approver: { decision: "accept", by: "oncall@example.com", delayMinutes: 0, ...approver },
  } as Scenario;
}

describe("the scripted approver", () => {
  it("answers after the scenario's delay, on the simulated clock", async () => {
    let now = Date.parse("2025-01-01T00:00:00Z");
    const slept: number[] = [];
    const asked: ApprovalAsked[] = [];
    const approve = scriptedApprover(
      scenarioWith({ delayMinutes: 14 }),
      asked,
      "k".repeat(32),
      () => new Date(now),
      async (ms) => {
        slept.push(ms);
        now += ms;
      },
    );
    const answer = (await approve(request, {} as never)) as { decision: string };
    expect(slept).toEqual([14 * 60_000]);
    expect(answer.decision).toBe("accept");
    expect(asked).toHaveLength(1);
  });

  it("answers at once by default", async () => {
    const slept: number[] = [];
    const approve = scriptedApprover(
      scenarioWith({}),
      [],
      "k".repeat(32),
      () => new Date(),
      async (ms) => {
        slept.push(ms);
      },
    );
    await approve(request, {} as never);
    expect(slept).toEqual([]);
  });
});
