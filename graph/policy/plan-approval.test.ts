/** Plan sign-off under attack: what a forged or stale plan approval in state can and cannot cover. */
import { describe, expect, it } from "vitest";
import type { PlanStage } from "../../agents/remediation/schema.js";
import { planHash } from "../nodes/stages.js";
import type { IncidentStateValue, PlanApproval } from "../state.js";
import { signApproval } from "./approval-proof.js";
import { defaultGatePolicy, type GatePolicyInput } from "./config.js";
import { planSignOffCovers } from "./plan-approval.js";

const KEY = "k".repeat(32);
const NOW = new Date("2025-01-01T10:00:00Z");
const stage = (actionId: string, params: Record<string, unknown>): PlanStage => ({
  actionId,
  params,
  target: "web-asg",
  verifyBy: "signal",
  expect: "recovered",
  onFailure: "rollback-plan",
});
const STAGES = [
  stage("asg-raise-max-size", { AutoScalingGroupName: "web-asg", MaxSize: 8 }),
  stage("asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 8 }),
];

function signed(overrides: Partial<PlanApproval> = {}, hash = planHash(STAGES, 0)): PlanApproval {
  const first = STAGES[0]!;
  return {
    identity: "link:alice@example.com",
    proof: signApproval(KEY, {
      incidentId: "inc-1",
      round: 1,
      decision: "accept",
      actionId: first.actionId,
      params: first.params,
      identity: "link:alice@example.com",
      now: NOW,
      planHash: hash,
    }),
    round: 1,
    stageIndex: 0,
    actionId: first.actionId,
    params: first.params,
    planHash: planHash(STAGES, 0),
    at: NOW.toISOString(),
    ...overrides,
  };
}

/** State at stage 2 of the plan, with `approval` as the plan sign-off. */
function atStageTwo(approval: PlanApproval | undefined, stages = STAGES) {
  return {
    incident: { id: "inc-1" } as IncidentStateValue["incident"],
    plan: {
      kind: "action" as const,
      actionId: stages[1]!.actionId,
      params: stages[1]!.params,
      rationale: "",
      stages,
    },
    stageResults: [{}] as IncidentStateValue["stageResults"],
    planApproval: approval,
  };
}

const covers = (
  state: ReturnType<typeof atStageTwo>,
  policy: GatePolicyInput = { planApproval: "plan" },
  risk: "low" | "medium" = "low",
  now = new Date(NOW.getTime() + 30 * 60_000),
) =>
  planSignOffCovers(
    { approvalKey: KEY, policy: defaultGatePolicy(policy) },
    state,
    { actionId: state.plan.actionId, params: state.plan.params },
    risk,
    now,
  );

describe("plan sign-off covers later stages only as signed", () => {
  it("covers stage 2 half an hour later: the proof is checked as of the accept, bound by the plan hash", () => {
    expect(covers(atStageTwo(signed()))).toMatchObject({ ok: true, identity: "link:alice@example.com" });
  });

  it("not under the default policy (every stage asks)", () => {
    expect(covers(atStageTwo(signed()), {})).toMatchObject({ ok: false });
  });

  it("not when the plan changed after the sign-off (a bigger stage 2)", () => {
    const changed = [
      STAGES[0]!,
      stage("asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 20 }),
    ];
    expect(covers(atStageTwo(signed(), changed))).toMatchObject({
      ok: false,
      reason: "the plan changed since it was signed off",
    });
  });

  it("not when a forged approval restates the new plan's hash: the signature binds the old one", () => {
    const changed = [
      STAGES[0]!,
      stage("asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 20 }),
    ];
    const forged = signed({ planHash: planHash(changed, 0) });
    expect(covers(atStageTwo(forged, changed))).toMatchObject({
      ok: false,
      reason: "the approval was not given for this plan",
    });
  });

  it("not from a stage-only accept (its proof carries no plan hash)", () => {
    const stageOnly = signed({}, undefined as unknown as string);
    const proof = signApproval(KEY, {
      incidentId: "inc-1",
      round: 1,
      decision: "accept",
      actionId: STAGES[0]!.actionId,
      params: STAGES[0]!.params,
      identity: "link:alice@example.com",
      now: NOW,
    });
    expect(covers(atStageTwo({ ...stageOnly, proof }))).toMatchObject({ ok: false });
  });

  it("not from a plan approval in state with no proof at all", () => {
    const { proof: _dropped, ...unsigned } = signed();
    expect(covers(atStageTwo(unsigned))).toMatchObject({ ok: false });
  });

  it("not for a risk the approver may not sign", () => {
    const policy = { planApproval: "plan" as const, approvers: { medium: ["link:bob@example.com"] } };
    expect(covers(atStageTwo(signed()), policy, "medium")).toMatchObject({ ok: false });
  });

  it("not into a change freeze that began after the sign-off", () => {
    const policy = {
      planApproval: "plan" as const,
      freezeWindows: [{ start: "2025-01-01T10:15:00Z", end: "2025-01-01T12:00:00Z", reason: "launch" }],
    };
    expect(covers(atStageTwo(signed()), policy)).toMatchObject({
      ok: false,
      reason: "a change freeze began after the plan was signed off",
    });
  });
});
