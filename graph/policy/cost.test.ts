import { describe, expect, it } from "vitest";
import type { CostEstimate } from "../../knowledge/actions/cost.js";
import { findAction } from "../../knowledge/actions/index.js";
import { defaultGatePolicy } from "./config.js";
import { decide } from "./gate.js";

const now = new Date("2026-11-26T12:00:00Z");
const conf = (value: number) => ({
  value,
  factors: { agreement: value, retrieval: value, history: value, completeness: value },
});

function gate(cost: CostEstimate | undefined, overrides: Partial<Parameters<typeof decide>[0]> = {}) {
  return decide({
    proposal: {
      kind: "action",
      actionId: "asg-set-desired-capacity",
      params: { AutoScalingGroupName: "web-asg", DesiredCapacity: 6 },
    },
    findAction,
    policy: defaultGatePolicy(),
    now,
    confidence: conf(0.9),
    blastRadius: { allowed: true, reason: "ok", affected: ["web-asg"] },
    recentActionsOnTarget: 0,
    ...(cost ? { cost } : {}),
    ...overrides,
  });
}

const usd = (usdPerHour: number): CostEstimate => ({ kind: "usd", usdPerHour, basis: "test" });

describe("cost in the gate", () => {
  it("needs sign-off when the estimate is over the ceiling, and says so with the estimate", () => {
    const v = gate(usd(12.5));
    expect(v.outcome).toBe("approve");
    expect(v.reasons.join("\n")).toMatch(/\$12\.50\/h/);
    expect(v.reasons.join("\n")).toMatch(/over the policy's ceiling of \$5\/h/);
    expect(v.cost).toEqual(usd(12.5));
  });

  it("needs sign-off when the price is unknown (fail closed)", () => {
    const v = gate({ kind: "unknown", basis: "x9.huge is not in the table" });
    expect(v.outcome).toBe("approve");
    expect(v.reasons.join("\n")).toMatch(/cannot be estimated/);
  });

  it("leaves the outcome unchanged under the ceiling or with no added cost", () => {
    expect(gate(undefined).outcome).toBe("auto");
    expect(gate(usd(4.99)).outcome).toBe("auto");
    expect(gate(usd(5)).outcome).toBe("auto");
    expect(gate({ kind: "none", basis: "nothing" }).outcome).toBe("auto");
  });

  it("honours a configured ceiling", () => {
    expect(gate(usd(1), { policy: defaultGatePolicy({ costCeilingUsdPerHour: 0.5 }) }).outcome).toBe(
      "approve",
    );
    expect(gate(usd(40), { policy: defaultGatePolicy({ costCeilingUsdPerHour: 50 }) }).outcome).toBe("auto");
  });

  it("never lowers a requirement: a cheap action that needs sign-off or escalation keeps it", () => {
    const cheap = usd(0);
    expect(gate(cheap, { confidence: conf(0.5) }).outcome).toBe("approve");
    expect(gate(cheap, { confidence: conf(0.1) }).outcome).toBe("escalate");
    expect(gate(cheap, { blastRadius: { allowed: false, reason: "too big", affected: [] } }).outcome).toBe(
      "escalate",
    );
    expect(gate(cheap, { policy: defaultGatePolicy({ killSwitch: true }) }).outcome).toBe("escalate");
    expect(gate(cheap, { directionRisk: "medium" }).outcome).toBe("approve");
    // Over the ceiling and too unsure: still escalated, not merely asked.
    expect(gate(usd(100), { confidence: conf(0.1) }).outcome).toBe("escalate");
  });

  it("rejects a negative or non-numeric ceiling with the field named", () => {
    expect(() => defaultGatePolicy({ costCeilingUsdPerHour: -1 })).toThrow(/costCeilingUsdPerHour/);
  });
});
