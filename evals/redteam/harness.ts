/**
 * The red-team harness: one environment per scenario (the real incident graph compiled once over a mutable
 * set of ports, so every attempt gets a fresh simulated account without recompiling), and one Attempt per
 * attack that drives threads, records who started what, and what a legitimate approver accepted.
 *
 * Speed: the read-only investigation (triage, logs, runbooks) is the same for every attempt on a scenario, so
 * it runs once; each attempt starts its thread from that state just before remediation, where the scripted
 * hostile model (the remediation agent's model) proposes the attack's plan. Runs stop before verification.
 */

import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import { MemorySaver } from "@langchain/langgraph";
import type { ReasonerConfig } from "../../agents/shared/context.js";
import { compileIncidentGraph, type IncidentGraph } from "../../graph/incident-graph.js";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { defaultGatePolicy, type GatePolicy, type GatePolicyInput } from "../../graph/policy/config.js";
import type { IncidentStateValue } from "../../graph/state.js";
import { signedResume } from "../../handlers/approvals/sign-decision.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident } from "../../tools/domain/index.js";
import { CollectingNotifier } from "../../tools/local/collecting-notifier.js";
import { MemoryReports } from "../../tools/local/file-reports.js";
import { MemoryAudit } from "../../tools/local/memory-audit.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import type { OutcomesPort, Ports } from "../../tools/ports.js";
import type { Sandbox, Scenario } from "../../tools/sandbox/index.js";
import { type SecurityInventory, securityInventoryOf } from "./attacks/security.js";

/** The one identity the harness's legitimate approver signs with. */
export const LEGIT_APPROVER = "link:oncall@example.com";
/** The deployment's approval key in the red-team runs: only `legitAccept` (the real on-call) signs with it. */
export const REDTEAM_APPROVAL_KEY = "red-team-approval-key-0123456789abcdef";

/**
 * THE legitimate accept: what the harness's own approver sends for an approval request, and what it counts
 * as accepted (exactly this action with exactly these arguments). Change only this function when approver
 * authentication changes (signed tokens, an authenticated principal...).
 */
export function legitAccept(pending: HumanInterrupt): {
  resume: unknown;
  accepted: { actionId: string; params: Record<string, unknown> };
} {
  return {
    resume: signedResume(REDTEAM_APPROVAL_KEY, pending, { decision: "accept" }, LEGIT_APPROVER),
    accepted: {
      actionId: pending.action_request.action,
      params: structuredClone(pending.action_request.args),
    },
  };
}

/** The policy every attempt starts from: defaults, with one allow-listed approver. */
export function basePolicyInput(): GatePolicyInput {
  return { approvers: [LEGIT_APPROVER] };
}

export type Plan = Record<string, unknown> & { kind: string; rationale: string };

/** A scripted hostile model: every structured answer is `plan` (only the remediation schema accepts it). */
export function hostileModel(plan: Plan) {
  const model = fakeModel();
  for (let i = 0; i < 20; i++) model.respond(() => new AIMessage("I have looked at the evidence."));
  model.structuredResponse(plan);
  return model;
}

export interface Inventory {
  instances: { id: string; service: string; group?: string }[];
  asgs: { name: string; service: string; min: number; max: number; desired: number }[];
  ecs: {
    id: string;
    service: string;
    cluster: string;
    serviceName: string;
    taskDefinition: string;
    previous: string[];
  }[];
  lambdas: {
    id: string;
    service: string;
    functionName: string;
    alias: string;
    version: string;
    previous: string[];
  }[];
  /** Security groups, roles and WAF IP sets the scenario declares (what hostile access plans aim at). */
  security?: SecurityInventory;
}

export interface ScenarioEnv {
  scenario: Scenario;
  id: string;
  incident: Incident;
  /** Minutes from timeline start at which the investigation finished. */
  minute: number;
  /** The investigation's state, from which every attempt's thread starts. */
  base: Partial<IncidentStateValue>;
  /** The node the base state is written as (remediation runs next when it is "runbook-retrieval"). */
  asNode: "runbook-retrieval" | "remediation";
  blastSet: string[];
  inventory: Inventory;
  /** Mutable: the objects the compiled graph holds. */
  ports: Ports;
  policy: GatePolicy;
  reasoner: { mode: "model"; model: ReturnType<typeof fakeModel> };
  checkpointer: MemorySaver;
  graph: IncidentGraph;
  retriever: RunbookRetriever;
}

export function inventoryOf(sandbox: Sandbox): Inventory {
  const w = sandbox.world;
  return {
    instances: [...w.instances.values()]
      .filter((i) => i.status !== "terminated")
      .map((i) => ({ id: i.id, service: i.service, ...(i.group ? { group: i.group } : {}) })),
    asgs: [...w.asgs.values()].map((g) => ({
      name: g.name,
      service: g.service,
      min: g.minSize,
      max: g.maxSize,
      desired: g.desiredCapacity,
    })),
    ecs: [...w.ecs.values()].map((e) => ({
      id: e.id,
      service: e.service,
      cluster: e.cluster,
      serviceName: e.serviceName,
      taskDefinition: e.taskDefinition,
      previous: [...e.previousTaskDefinitions],
    })),
    lambdas: [...w.lambdas.values()].map((f) => ({
      id: f.id,
      service: f.service,
      functionName: f.functionName,
      alias: f.alias,
      version: String(f.aliasVersion),
      previous: f.previousVersions.map(String),
    })),
    security: securityInventoryOf(w),
  };
}

/**
 * The incident's blast set, computed by the harness: the alarmed resource (from the alarm's dimensions),
 * triage's suspects, and every resource of the incident's own service.
 */
export async function blastSetOf(ports: Ports, incident: Incident, suspects: string[]): Promise<string[]> {
  const set = new Set<string>();
  for (const alert of incident.alerts) {
    for (const value of Object.values(alert.metric?.dimensions ?? {})) {
      const resource = await ports.resources.describe(String(value));
      if (resource) set.add(resource.id);
    }
  }
  for (const s of suspects) set.add(s);
  if (incident.service) {
    for (const r of await ports.resources.listByService(incident.service)) set.add(r.id);
  }
  return [...set];
}

export function freshPorts(sandbox: Sandbox, outcomes: OutcomesPort = new MemoryOutcomes()): Ports {
  return {
    ...sandbox.ports,
    notifier: new CollectingNotifier(),
    audit: new MemoryAudit(),
    outcomes,
    reports: new MemoryReports(),
  };
}

/** Builds a scenario's environment: runs the investigation once and compiles the graph under attack. */
export async function scenarioEnv(
  scenario: Scenario,
  retriever: RunbookRetriever,
): Promise<ScenarioEnv | undefined> {
  const run = prepareSimulatedRun(scenario, { retriever, checkpointer: new MemorySaver() });
  if (!run.incident) return undefined;
  const cfg = { configurable: { thread_id: "base" }, recursionLimit: 60 };
  const stream = await run.graph.stream(
    { incident: run.incident },
    { ...cfg, interruptBefore: ["remediation", "safety-gate", "escalate", "record"] },
  );
  for await (const _ of stream) {
    // drain
  }
  const snapshot = await run.graph.getState(cfg);
  const values = snapshot.values as IncidentStateValue;
  const reachedRemediation = snapshot.next.includes("remediation");
  const base: Partial<IncidentStateValue> = {
    incident: values.incident,
    ...(values.assessment ? { assessment: values.assessment } : {}),
    ...(values.logFindings ? { logFindings: values.logFindings } : {}),
    ...(values.runbooks ? { runbooks: values.runbooks } : {}),
  };
  const blastSet = await blastSetOf(run.ports, run.incident, values.assessment?.suspectedResources ?? []);
  const ports = freshPorts(run.sandbox);
  const policy = defaultGatePolicy(basePolicyInput());
  const reasoner = { mode: "model" as const, model: hostileModel({ kind: "escalate", rationale: "-" }) };
  const checkpointer = new MemorySaver();
  const graph = compileIncidentGraph(
    {
      ports,
      retriever,
      reasoner: reasoner as ReasonerConfig,
      policy,
      pollSeconds: 60,
      approvalKey: REDTEAM_APPROVAL_KEY,
    },
    checkpointer,
  );
  return {
    scenario,
    id: scenario.metadata.id,
    incident: run.incident,
    minute: run.sandbox.minute(),
    base,
    asNode: reachedRemediation ? "runbook-retrieval" : "remediation",
    blastSet,
    inventory: inventoryOf(run.sandbox),
    ports,
    policy,
    reasoner,
    checkpointer,
    graph,
    retriever,
  };
}

/** Compiles another graph over the same ports, reasoner and checkpointer with a different policy. */
export function rebuildWithPolicy(env: ScenarioEnv, policy: GatePolicy): IncidentGraph {
  return compileIncidentGraph(
    {
      ports: env.ports,
      retriever: env.retriever,
      reasoner: env.reasoner as ReasonerConfig,
      policy,
      pollSeconds: 60,
      approvalKey: REDTEAM_APPROVAL_KEY,
    },
    env.checkpointer,
  );
}
