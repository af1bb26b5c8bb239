import { describe, expect, it } from "vitest";
import type { IncidentStateValue } from "../state.js";
import { escalationReason } from "./escalate.js";

describe("escalation reason after a partial mitigation", () => {
  it("says what was done, that it stays in place, and what is left", () => {
    const state = {
      execution: {
        actionId: "asg-set-desired-capacity",
        params: { AutoScalingGroupName: "storefront-asg", DesiredCapacity: 8 },
        status: "Success",
      },
      plan: {
        kind: "action",
        rationale: "",
        shortfall: {
          needed: 14,
          planned: 8,
          left: "storefront-asg needs about 14 instances but its MaxSize is 8",
        },
      },
      verification: { recovered: false, trend: "improved", reason: "CPUUtilization went from 100 to 84" },
    } as unknown as IncidentStateValue;
    const reason = escalationReason(state);
    expect(reason).toMatch(/partial mitigation/);
    expect(reason).toMatch(/DesiredCapacity":8/);
    expect(reason).toMatch(/left in place/);
    expect(reason).toMatch(/What is left: storefront-asg needs about 14 instances but its MaxSize is 8/);
  });

  it("a fix that changed nothing is not called a partial mitigation", () => {
    const state = {
      execution: { actionId: "ec2-restart-instance", params: {}, status: "Success" },
      verification: { recovered: false, trend: "unchanged", reason: "no better" },
    } as unknown as IncidentStateValue;
    expect(escalationReason(state)).toMatch(/^the fix did not work: no better; it is left in place/);
  });
});
