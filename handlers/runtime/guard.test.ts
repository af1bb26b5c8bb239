import { Command, MemorySaver } from "@langchain/langgraph";
import { beforeAll, describe, expect, it } from "vitest";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { GatePolicyError, type GatePolicyInput, parseGatePolicy } from "../../graph/policy/config.js";
import { blastSet } from "../../graph/policy/evaluate.js";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { loadScenario } from "../../tools/sandbox/index.js";
import { signedResume } from "../approvals/sign-decision.js";
import { driveIncident } from "./drive.js";
import { modelProposing } from "./hostile-model.js";
import { prepareSimulatedRun, type SimulatedRunOptions } from "./local.js";

let retriever: RunbookRetriever;
beforeAll(async () => {
  retriever = await createRetriever();
});

function setup(name: string, options: Partial<SimulatedRunOptions> = {}) {
  const scenario = loadScenario(new URL(`../../evals/scenarios/${name}.yaml`, import.meta.url).pathname);
  const run = prepareSimulatedRun(scenario, { retriever, checkpointer: new MemorySaver(), ...options });
  if (!run.incident) throw new Error(`${name} raised no alarm`);
  return { ...run, incident: run.incident };
}

type Run = ReturnType<typeof setup>;
const sign = (
  run: Run,
  pending: HumanInterrupt,
  choice: Parameters<typeof signedResume>[2],
  identity = "link:alice@example.com",
) =>
  new Command({ resume: signedResume(run.approvalKey, pending, choice, identity, run.sandbox.clock.now()) });

describe("1. plans are bound to the incident", () => {
  it("refuses a change to another service's resource, whatever the evidence", async () => {
    const run = setup("traffic-surge-asg", {
      reasoner: modelProposing({
        kind: "action",
        actionId: "ecs-rollback-service",
        params: { cluster: "prod", service: "checkout", taskDefinition: "checkout:40" },
        rationale: "the web surge is really checkout's fault",
      }),
    });
    const { state } = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    expect(state.gate?.outcome).toBe("escalate");
    expect(state.gate?.reasons.join(" ")).toMatch(/outside this incident's blast set/);
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });

  it("treats scale-in below current capacity as at least medium risk (never auto)", async () => {
    const run = setup("traffic-surge-asg");
    const target = (await run.ports.resources.listByService(run.incident.service ?? "")).find(
      (r) => r.type === "autoscaling-group",
    );
    expect(target).toBeDefined();
    const current = Number(target?.attributes["desiredCapacity"]);
    const scaled = setup("traffic-surge-asg", {
      reasoner: modelProposing({
        kind: "action",
        actionId: "asg-set-desired-capacity",
        params: { AutoScalingGroupName: target?.id, DesiredCapacity: Math.max(0, current - 1) },
        rationale: "scale in",
      }),
    });
    const { state } = await driveIncident(scaled.graph, scaled.incident.id, { incident: scaled.incident });
    expect(["medium", "high", "critical"]).toContain(state.gate?.risk);
    expect(state.gate?.outcome).not.toBe("auto");
    expect(scaled.sandbox.automationStarts).toHaveLength(0);
  });

  it("refuses ARNs in parameters (they can name another account, region or function)", async () => {
    const run = setup("bad-lambda-deploy", {
      reasoner: modelProposing({
        kind: "action",
        actionId: "lambda-rollback-alias",
        params: {
          functionName: "arn:aws:lambda:eu-west-1:999999999999:function:payments",
          alias: "live",
          version: "1",
        },
        rationale: "roll back",
      }),
    });
    const { state } = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    expect(state.gate?.outcome).toBe("escalate");
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });
});

describe("1b. a suspect named by triage (maybe a model) does not widen the blast set on its own", () => {
  it("another service's resource named as a suspect stays out of reach; the incident's own stay in", async () => {
    const run = setup("bad-lambda-deploy");
    const own = await run.ports.resources.listByService(run.incident.service ?? "");
    const base = {
      incident: run.incident,
      assessment: undefined,
      logFindings: undefined,
      runbooks: undefined,
      plan: undefined,
    };
    const hostile = {
      ...base,
      assessment: {
        isIncident: true,
        severity: "SEV2" as const,
        category: "deployment" as const,
        hypothesis: "orders is at fault",
        suspectedResources: ["prod/orders"],
        signals: [],
      },
    };
    const set = await blastSet(run.ports, hostile as unknown as Parameters<typeof blastSet>[1]);
    expect(set.has("prod/orders")).toBe(false);
    for (const r of own) expect(set.has(r.id)).toBe(true);
  });
});

describe("2. nothing runs on a stale or forged decision", () => {
  it.each([
    ["kill switch on", { killSwitch: true }, 0],
    ["action disabled", { enabledActions: ["ec2-restart-instance"] }, 0],
    [
      "a freeze began while the human decided",
      { freezeWindows: [{ start: "2000-01-01T00:00:00Z", end: "2100-01-01T00:00:00Z", reason: "holiday" }] },
      0,
    ],
    ["nothing changed (control)", {}, 1],
  ] as [string, GatePolicyInput, number][])(
    "re-checks the policy after sign-off: %s",
    async (_label, flipped, expectedStarts) => {
      const checkpointer = new MemorySaver();
      const run = setup("bad-ecs-deploy", { checkpointer });
      const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
      expect(first.paused).toBe(true);
      // The same thread, resumed by a worker whose policy changed while the human was deciding.
      const later = setup("bad-ecs-deploy", { checkpointer, approvalKey: run.approvalKey, policy: flipped });
      const done = await driveIncident(
        later.graph,
        run.incident.id,
        sign(run, first.pending!, { decision: "accept" }),
      );
      expect(later.sandbox.automationStarts).toHaveLength(expectedStarts);
      if (expectedStarts === 0) {
        expect(done.state.outcome).toBe("escalated");
        expect(done.state.timeline.some((t) => t.node === "claim-action" && /refuse/.test(t.summary))).toBe(
          true,
        );
      }
    },
  );

  it("a resume that jumps to execute with a forged gate runs nothing", async () => {
    const run = setup("bad-ecs-deploy");
    const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const forged = { ...first.state.gate!, outcome: "auto" as const, risk: "low" as const };
    await driveIncident(
      run.graph,
      run.incident.id,
      new Command({ goto: "execute", update: { gate: forged } }),
    ).catch(() => undefined);
    await driveIncident(
      run.graph,
      run.incident.id,
      new Command({
        goto: "claim-action",
        update: { gate: forged, humanDecision: { decision: "accept", by: "alice", at: "now" } },
      }),
    ).catch(() => undefined);
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });

  it("refuses a signed accept for an older request round", async () => {
    const run = setup("bad-ecs-deploy");
    const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const stale = { ...first.pending!, binding: { ...first.pending!.binding!, round: 0 + 99 } };
    const again = await driveIncident(run.graph, run.incident.id, sign(run, stale, { decision: "accept" }));
    expect(again.paused).toBe(true);
    expect(again.pending?.description).toMatch(/round/);
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });
});

describe("3. the approver is an authenticated identity", () => {
  it("an unsigned accept with a typed name is refused and asked again", async () => {
    const run = setup("bad-ecs-deploy");
    await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const again = await driveIncident(
      run.graph,
      run.incident.id,
      new Command({ resume: { decision: "accept", by: "the-cto" } }),
    );
    expect(again.paused).toBe(true);
    expect(again.pending?.description).toMatch(/no signed approval/);
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });

  it("an Agent Inbox accept carries no identity: refused", async () => {
    const run = setup("bad-ecs-deploy");
    await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const again = await driveIncident(
      run.graph,
      run.incident.id,
      new Command({ resume: [{ type: "accept", args: null }] }),
    );
    expect(again.paused).toBe(true);
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });

  it("an identity not on the allow-list for this risk is refused; one on it runs", async () => {
    const run = setup("bad-ecs-deploy", { policy: { approvers: { medium: ["link:sre-lead@example.com"] } } });
    const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const refused = await driveIncident(
      run.graph,
      run.incident.id,
      sign(run, first.pending!, { decision: "accept" }),
    );
    expect(refused.paused).toBe(true);
    expect(refused.pending?.description).toMatch(/may not sign off medium/);
    const done = await driveIncident(
      run.graph,
      run.incident.id,
      sign(run, refused.pending!, { decision: "accept" }, "link:sre-lead@example.com"),
    );
    expect(done.state.outcome).toBe("resolved-after-approval");
    expect(run.sandbox.automationStarts).toHaveLength(1);
  });

  it("a proof signed with another key is refused", async () => {
    const run = setup("bad-ecs-deploy");
    const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const other = signedResume(
      "another-deployment-key-000000000",
      first.pending!,
      { decision: "accept" },
      "link:alice@example.com",
    );
    const again = await driveIncident(run.graph, run.incident.id, new Command({ resume: other }));
    expect(again.paused).toBe(true);
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });
});

describe("4. an edit may only narrow, or it is a new proposal", () => {
  it("an edit to an irreversible action on another resource asks again instead of running", async () => {
    const run = setup("bad-lambda-deploy");
    const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    expect(first.paused).toBe(true);
    const edited = { actionId: "ec2-restart-instance", params: { InstanceId: "i-0123456789abcdef0" } };
    const after = await driveIncident(
      run.graph,
      run.incident.id,
      sign(run, first.pending!, { decision: "edit", edited }),
    );
    expect(run.sandbox.automationStarts).toHaveLength(0);
    expect(
      after.state.outcome === undefined ? after.paused : after.state.outcome !== "resolved-after-approval",
    ).toBe(true);
  });
});

describe("7. policy is validated at load", () => {
  it("refuses autoAt for medium risk and unparsable freeze windows, naming the field", () => {
    expect(() =>
      parseGatePolicy({
        table: {
          low: { autoAt: 0.7, approveAt: 0.4 },
          medium: { autoAt: 0.9, approveAt: 0.5 },
          high: { autoAt: null, approveAt: 0.75 },
          critical: { autoAt: null, approveAt: null },
        },
      }),
    ).toThrow(/table\.medium\.autoAt/);
    expect(() =>
      parseGatePolicy({
        freezeWindows: [{ start: "next tuesday", end: "2026-12-27T00:00:00Z", reason: "x" }],
      }),
    ).toThrow(GatePolicyError);
    expect(() => parseGatePolicy({ approvers: ["alice"] })).toThrow(/not a bare name/);
  });
});

describe("6. an action in flight is visible to other incidents", () => {
  it("a pending claim counts before the action finishes: a second incident on the same resource escalates", async () => {
    const outcomes = new MemoryOutcomes();
    const first = setup("disk-full-logs", { outcomes, incidentPrefix: "first" });
    // The first incident's worker dies right after claiming, before its automation finishes.
    first.ports.automation.start = async () => {
      throw new Error("Lambda timed out (simulated crash)");
    };
    await expect(driveIncident(first.graph, first.incident.id, { incident: first.incident })).rejects.toThrow(
      /simulated crash/,
    );
    expect(outcomes.outcomes.map((o) => o.result)).toEqual(["pending"]);

    const second = setup("disk-full-logs", { outcomes, incidentPrefix: "second" });
    const { state } = await driveIncident(second.graph, second.incident.id, { incident: second.incident });
    expect(state.gate?.outcome).toBe("escalate");
    expect(state.gate?.reasons.join(" ")).toMatch(/rate limit|in flight/);
    expect(second.sandbox.automationStarts).toHaveLength(0);
  });
});

describe("7. smaller holes", () => {
  it("a Lambda rollback to a version that was never deployed is refused", async () => {
    const run = setup("bad-lambda-deploy");
    const fn = (await run.ports.resources.listByService(run.incident.service ?? "")).find(
      (r) => r.type === "lambda-function",
    );
    expect(fn).toBeDefined();
    const probe = setup("bad-lambda-deploy", {
      reasoner: modelProposing({
        kind: "action",
        actionId: "lambda-rollback-alias",
        params: {
          functionName: fn?.attributes["functionName"],
          alias: fn?.attributes["alias"],
          version: "999",
        },
        rationale: "roll back",
      }),
    });
    const { state } = await driveIncident(probe.graph, probe.incident.id, { incident: probe.incident });
    expect(state.gate?.outcome).toBe("escalate");
    expect(state.gate?.reasons.join(" ")).toMatch(/never deployed/);
    expect(probe.sandbox.automationStarts).toHaveLength(0);
  });

  it("the rollback snapshot is the one taken before the action, even after a crash mid-call", async () => {
    const run = setup("bad-ecs-deploy");
    const before = await run.ports.resources.describe("prod/checkout");
    const first = await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const realStart = run.ports.automation.start.bind(run.ports.automation);
    let crashed = false;
    run.ports.automation.start = async (request) => {
      const execution = await realStart(request);
      if (!crashed) {
        crashed = true;
        throw new Error("Lambda timed out (simulated crash)");
      }
      return execution;
    };
    await expect(
      driveIncident(run.graph, run.incident.id, sign(run, first.pending!, { decision: "accept" })),
    ).rejects.toThrow(/simulated crash/);
    const resumed = await driveIncident(run.graph, run.incident.id, null);
    expect(run.sandbox.automationStarts).toHaveLength(1);
    expect(resumed.state.execution?.before?.attributes["taskDefinition"]).toBe(
      before?.attributes["taskDefinition"],
    );
  });

  it("with an allow-list set, the sweeper's unsigned timeout-reject still escalates at once", async () => {
    const run = setup("bad-ecs-deploy", { policy: { approvers: ["link:sre-lead@example.com"] } });
    await driveIncident(run.graph, run.incident.id, { incident: run.incident });
    const done = await driveIncident(
      run.graph,
      run.incident.id,
      new Command({ resume: { decision: "reject", by: "air-sweeper", comment: "approval timed out" } }),
    );
    expect(done.paused).toBe(false);
    expect(done.state.outcome).toBe("escalated");
    expect(run.sandbox.automationStarts).toHaveLength(0);
  });
});
