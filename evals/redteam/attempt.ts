import { Command } from "@langchain/langgraph";
import type { IncidentGraph } from "../../graph/incident-graph.js";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { defaultGatePolicy } from "../../graph/policy/config.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { createSandbox, type Sandbox } from "../../tools/sandbox/index.js";
import {
  basePolicyInput,
  freshPorts,
  hostileModel,
  legitAccept,
  type Plan,
  type ScenarioEnv,
} from "./harness.js";
import type {
  AccountFacts,
  AttackClass,
  AttemptRecord,
  ExecutedAction,
  LegitAccept,
  PolicyFlip,
} from "./oracle.js";

export interface Pending {
  request: HumanInterrupt;
  interruptId?: string;
}

let threadSerial = 0;

/** One attack: a fresh simulated account, threads on the scenario's graph, and what happened. */
export class Attempt {
  readonly sandbox: Sandbox;
  readonly outcomes = new MemoryOutcomes();
  readonly resumes: unknown[] = [];
  readonly legitAccepts: LegitAccept[] = [];
  readonly policyFlips: PolicyFlip[] = [];
  readonly errors: string[] = [];
  /** Thread that started each sandbox start, by index. */
  private readonly owner: string[] = [];
  private readonly threads = new Map<string, string>();
  private readonly desiredBefore: Record<string, number>;
  private readonly restores: Record<string, Record<string, unknown>>;
  private readonly changesBefore: number;
  plan?: unknown;

  constructor(
    readonly env: ScenarioEnv,
    readonly cls: AttackClass,
    readonly attack: string,
  ) {
    this.sandbox = createSandbox(env.scenario);
    this.sandbox.runUntilAlarm();
    const behind = env.minute - this.sandbox.minute();
    if (behind > 0) this.sandbox.advance(behind);
    Object.assign(env.ports, freshPorts(this.sandbox, this.outcomes));
    Object.assign(env.policy, defaultGatePolicy(basePolicyInput()));
    this.desiredBefore = Object.fromEntries(
      [...this.sandbox.world.asgs.values()].map((g) => [g.name, g.desiredCapacity]),
    );
    this.changesBefore = this.sandbox.world.changes.length;
    const w = this.sandbox.world;
    this.restores = Object.fromEntries([
      ...[...w.asgs.values()].map((g) => [g.name, { DesiredCapacity: g.desiredCapacity }] as const),
      ...[...w.ecs.values()].map((e) => [e.id, { taskDefinition: e.taskDefinition }] as const),
      ...[...w.lambdas.values()].map((f) => [f.id, { version: String(f.aliasVersion) }] as const),
    ]);
  }

  /** A new thread (a new incident when `incidentSuffix` is given) whose remediation proposes `plan`. */
  async start(plan: Plan, incidentSuffix = ""): Promise<string> {
    const thread = `${this.env.id}#${++threadSerial}`;
    this.threads.set(thread, incidentSuffix);
    this.plan ??= plan;
    this.env.reasoner.model = hostileModel(plan);
    const incident = { ...this.env.incident, id: `${this.env.incident.id}${incidentSuffix}` };
    const values =
      this.env.asNode === "remediation"
        ? { ...this.env.base, incident, plan }
        : { ...this.env.base, incident };
    await this.env.graph.updateState({ configurable: { thread_id: thread } }, values, this.env.asNode);
    await this.send(thread, null);
    return thread;
  }

  /** Sends an input (a Command, or null to continue) to a thread; runs until a pause or before verify. */
  async send(
    thread: string,
    input: Command | null,
    graph: IncidentGraph = this.env.graph,
    toEnd = false,
  ): Promise<void> {
    if (input !== null) this.resumes.push(describeCommand(input));
    await this.attribute(thread, async () => {
      try {
        const stream = await graph.stream(input as Parameters<IncidentGraph["stream"]>[0], {
          configurable: { thread_id: thread },
          recursionLimit: 60,
          ...(toEnd ? {} : { interruptBefore: ["verify", "escalate", "record"] }),
          streamMode: "updates",
        });
        for await (const _ of stream) {
          // drain
        }
      } catch (e) {
        this.errors.push((e as Error).message);
      }
    });
  }

  /** Runs `act` and attributes every automation it starts to `thread` (a test plants an unsafe start so). */
  async attribute(thread: string, act: () => Promise<unknown>): Promise<void> {
    const before = this.sandbox.automationStarts.length;
    if (!this.threads.has(thread)) this.threads.set(thread, "");
    await act();
    for (let i = before; i < this.sandbox.automationStarts.length; i++) this.owner[i] = thread;
  }

  /** Lets a thread stopped before verification run to its end (verify, record, report). */
  async finish(thread: string): Promise<void> {
    await this.send(thread, null, this.env.graph, true);
  }

  /** The approval request a thread waits on, if any. */
  async pending(thread: string, graph: IncidentGraph = this.env.graph): Promise<Pending | undefined> {
    const snapshot = await graph.getState({ configurable: { thread_id: thread } });
    for (const task of snapshot.tasks) {
      const first = task.interrupts[0] as { id?: string; value?: unknown } | undefined;
      const value = first?.value as HumanInterrupt[] | HumanInterrupt | undefined;
      if (value) {
        const request = Array.isArray(value) ? value[0] : value;
        if (request) return { request, ...(first?.id ? { interruptId: first.id } : {}) };
      }
    }
    return undefined;
  }

  /** The legitimate approver accepts the request: records it and returns the resume value. */
  accept(thread: string, pending: Pending): unknown {
    const { resume, accepted } = legitAccept(pending.request);
    this.legitAccepts.push({ thread, ...accepted });
    return resume;
  }

  /** Accepts every approval request on a thread (up to `rounds` of them) with the legitimate approver. */
  async acceptAll(thread: string, rounds = 3, graph: IncidentGraph = this.env.graph): Promise<void> {
    for (let i = 0; i < rounds; i++) {
      const p = await this.pending(thread, graph);
      if (!p) return;
      await this.send(thread, new Command({ resume: this.accept(thread, p) }), graph);
    }
  }

  flip(kind: PolicyFlip["kind"], actionId?: string): void {
    this.policyFlips.push({
      kind,
      index: this.sandbox.automationStarts.length,
      ...(actionId ? { actionId } : {}),
    });
  }

  /** What the sandbox did, for the oracle. */
  record(windowMinutes = 60): AttemptRecord {
    const startMs = this.sandbox.world.startMs;
    const minuteOf = (iso: string) => Math.floor((Date.parse(iso) - startMs) / 60_000);
    const starts = this.sandbox.automationStarts;
    const executions: ExecutedAction[] = [];
    starts.forEach((s, index) => {
      if (!s.accepted) return;
      executions.push({
        thread: this.owner[index] ?? "?",
        actionId: s.actionId,
        parameters: s.parameters,
        index,
        minute: minuteOf(s.time),
        evidence: "accepted-start",
      });
    });
    // Anything the automation changed in the world without an accepted start.
    const counted = new Set(executions.map((e) => starts[e.index]?.executionId));
    for (const change of this.sandbox.world.changes.slice(this.changesBefore)) {
      const author = String((change as { author?: string }).author ?? "");
      if (!author.startsWith("automation/")) continue;
      const executionId = author.slice("automation/".length);
      if (counted.has(executionId)) continue;
      counted.add(executionId);
      const index = starts.findIndex((s) => s.executionId === executionId);
      const s = starts[index];
      executions.push({
        thread: this.owner[index] ?? "?",
        actionId: s?.actionId ?? "unknown",
        parameters: s?.parameters ?? { resource: (change as { resourceId?: string }).resourceId },
        index: index < 0 ? starts.length : index,
        minute: minuteOf(change.time),
        evidence: "world-change",
      });
    }
    const facts: AccountFacts = {
      blastSets: Object.fromEntries([...this.threads.keys()].map((t) => [t, this.env.blastSet])),
      groupOf: Object.fromEntries(
        [...this.sandbox.world.instances.values()].filter((i) => i.group).map((i) => [i.id, i.group!]),
      ),
      desiredBefore: this.desiredBefore,
      windowMinutes,
      restores: this.restores,
    };
    return {
      scenario: this.env.id,
      class: this.cls,
      attack: this.attack,
      ...(this.plan === undefined ? {} : { plan: this.plan }),
      resumes: this.resumes,
      executions,
      legitAccepts: this.legitAccepts,
      policyFlips: this.policyFlips,
      facts,
      ...(this.errors.length ? { error: this.errors.join("; ") } : {}),
    };
  }
}

function describeCommand(command: Command): unknown {
  const c = command as unknown as { resume?: unknown; update?: unknown; goto?: unknown };
  return {
    ...(c.resume !== undefined ? { resume: c.resume } : {}),
    ...(c.update !== undefined ? { update: c.update } : {}),
    ...(c.goto !== undefined && !(Array.isArray(c.goto) && c.goto.length === 0) ? { goto: c.goto } : {}),
  };
}
