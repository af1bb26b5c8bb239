import { describe, expect, it } from "vitest";
import { findAction } from "../../knowledge/actions/index.js";
import { defaultGatePolicy } from "./config.js";
import { decide, tableOutcome } from "./gate.js";

const policy = defaultGatePolicy();
const now = new Date("2026-11-26T12:00:00Z");
const conf = (value: number) => ({
  value,
  factors: { agreement: value, retrieval: value, history: value, completeness: value },
});
const blastOk = { allowed: true, reason: "ok", affected: ["x"] };

function gate(overrides: Partial<Parameters<typeof decide>[0]> = {}) {
  return decide({ ...baseInput(), ...overrides });
}

describe("gate table (risk × confidence)", () => {
  it.each([
    ["low", 0.9, "auto"],
    ["low", 0.7, "auto"],
    ["low", 0.69, "approve"],
    ["low", 0.4, "approve"],
    ["low", 0.39, "escalate"],
    ["medium", 0.99, "approve"],
    ["medium", 0.5, "approve"],
    ["medium", 0.49, "escalate"],
    ["high", 0.8, "approve"],
    ["high", 0.74, "escalate"],
    ["critical", 1, "escalate"],
  ] as const)("%s risk at confidence %s → %s", (risk, confidence, expected) => {
    expect(tableOutcome(policy, risk, confidence).outcome).toBe(expected);
  });
});

describe("safety gate", () => {
  it("runs a low-risk, confident, contained action on its own", () => {
    expect(gate().outcome).toBe("auto");
  });

  it("asks for sign-off on a medium-risk action however confident", () => {
    const v = gate({
      proposal: {
        kind: "action",
        actionId: "ec2-restart-instance",
        params: { InstanceId: "i-0abc12345678" },
      },
      confidence: conf(1),
    });
    expect(v.outcome).toBe("approve");
    expect(v.risk).toBe("medium");
  });

  it("refuses an action outside the catalogue", () => {
    const v = gate({ proposal: { kind: "action", actionId: "ec2-terminate-all-instances", params: {} } });
    expect(v.outcome).toBe("escalate");
    expect(v.reasons[0]).toMatch(/not in the action catalogue/);
  });

  it("refuses invalid parameters and says which", () => {
    const v = gate({
      proposal: { kind: "action", actionId: "ec2-restart-instance", params: { InstanceId: "all" } },
    });
    expect(v.outcome).toBe("escalate");
    expect(v.reasons[0]).toMatch(/InstanceId/);
  });

  it("honours the kill switch", () => {
    expect(decide({ ...baseInput(), policy: defaultGatePolicy({ killSwitch: true }) }).outcome).toBe(
      "escalate",
    );
  });

  it("enforces the per-resource rate limit", () => {
    const v = gate({ recentActionsOnTarget: 1 });
    expect(v.outcome).toBe("escalate");
    expect(v.reasons.join(" ")).toMatch(/rate limit/);
  });

  it("enforces the blast radius", () => {
    const v = gate({ blastRadius: { allowed: false, reason: "no healthy peer", affected: ["i-1"] } });
    expect(v.outcome).toBe("escalate");
    expect(v.reasons.join(" ")).toMatch(/blast radius refused/);
  });

  it("turns auto into approve inside a change freeze, and never the other way", () => {
    const frozen = defaultGatePolicy({
      freezeWindows: [{ start: "2026-11-26T00:00:00Z", end: "2026-11-27T00:00:00Z", reason: "Black Friday" }],
    });
    expect(decide({ ...baseInput(), policy: frozen }).outcome).toBe("approve");
    expect(decide({ ...baseInput(), policy: frozen, confidence: conf(0.1) }).outcome).toBe("escalate");
  });

  it("refuses actions the deployment has not enabled", () => {
    const limited = defaultGatePolicy({ enabledActions: ["asg-set-desired-capacity"] });
    expect(decide({ ...baseInput(), policy: limited }).outcome).toBe("escalate");
  });

  it("maps no-action and escalate plans straight through", () => {
    expect(gate({ proposal: { kind: "no-action" } }).outcome).toBe("none");
    expect(gate({ proposal: { kind: "escalate" } }).outcome).toBe("escalate");
  });

  it("escalates when the target does not exist", () => {
    expect(gate({ targetMissing: true }).outcome).toBe("escalate");
  });
});

function baseInput(): Parameters<typeof decide>[0] {
  return {
    proposal: {
      kind: "action",
      actionId: "ec2-cleanup-rotated-logs",
      params: { InstanceId: "i-0abc12345678" },
    },
    findAction,
    policy,
    now,
    confidence: conf(0.9),
    blastRadius: blastOk,
    recentActionsOnTarget: 0,
  };
}
