/**
 * One scenario run the way the deployed worker runs it (Lambda budget per invocation, durable waits woken
 * by the scheduler, approvals answered through resume commands, checkpoints in DynamoDB), optionally
 * killed at one crash point. After the crash, the command is redelivered, as SQS does, to a fresh graph
 * instance on the same DynamoDB table (a new worker process); the run goes on until the incident ends.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { BUDGET_SAFETY_MARGIN_MS, budgetFromRemaining } from "../../graph/budget.js";
import type { IncidentGraph } from "../../graph/incident-graph.js";
import type { IncidentStateValue } from "../../graph/state.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import { Responder } from "../../handlers/runtime/responder.js";
import { threadPhase } from "../../handlers/runtime/thread-phase.js";
import { type WorkCommand, WorkCommandSchema } from "../../handlers/runtime/work-queue.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { BudgetGuardClock } from "../../tools/local/budget-clock.js";
import type { MemoryReports } from "../../tools/local/file-reports.js";
import { firstBrokenLink } from "../../tools/local/hash-chain.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { ScheduledWakeups } from "../../tools/local/scheduled-wakeups.js";
import type { Ports } from "../../tools/ports.js";
import { scriptedApprover } from "../harness/approver.js";
import { memoryStore, memoryWaitList } from "../harness/lambda-run.js";
import type { Scenario } from "../scenario/index.js";
import {
  CrashInjector,
  type CrashPoint,
  crashingSaver,
  injectCrashPoints,
  SimulatedCrash,
} from "./crash-injector.js";

/** Remaining time each worker invocation starts with (virtual seconds): short, so waits checkpoint often. */
export const CHAOS_BUDGET_SECONDS = 60;
/** Deliveries of one command before the harness calls the incident lost (SQS: maxReceiveCount). */
const MAX_DELIVERIES = 5;
const MAX_INVOCATIONS = 500;
const MAX_APPROVALS = 5;

export interface CrashRunContext {
  /**
   * A saver over the shared checkpoint store, as a new worker process would open it (a new DynamoDBSaver
   * on the same table; the same MemorySaver in the quick test).
   */
  saver: () => BaseCheckpointSaver;
  retriever: RunbookRetriever;
  /**
   * What the worker gets after a crash: the same message again (SQS redelivery), or first a `continue`
   * (a retry) and then the redelivered message.
   */
  afterCrash?: "redeliver" | "continue";
  /** Wraps the ports after crash points are in (the AWS fault layer hooks in here). */
  decoratePorts?: (ports: Ports, scenario: Scenario) => void;
}

/** Everything the incident did to the world, to compare a crashed run with the uninterrupted one. */
export interface SideEffects {
  actions: string[];
  approvalRequests: number;
  notifications: string[];
  audit: string[];
  reports: number;
}

export interface ObservedRun {
  scenario: string;
  incidentId?: string;
  opened: boolean;
  /** The graph reached its end. */
  finished: boolean;
  outcome?: string;
  gate?: string;
  recovered?: boolean;
  effects: SideEffects;
  chainIntact: boolean;
  points: CrashPoint[];
  crash?: CrashPoint;
  /** Deliveries that failed (the crash, and anything after it). */
  failedDeliveries: string[];
  invocations: number;
  wallMs: number;
}

export async function observe(
  run: ReturnType<typeof prepareSimulatedRun>,
  id: string,
  state: IncidentStateValue | undefined,
): Promise<Pick<ObservedRun, "effects" | "chainIntact" | "outcome" | "gate" | "recovered">> {
  const trail = await run.audit.list(id);
  return {
    ...(state?.outcome ? { outcome: state.outcome } : {}),
    ...(state?.gate?.outcome ? { gate: state.gate.outcome } : {}),
    ...(state?.verification ? { recovered: state.verification.recovered } : {}),
    effects: {
      actions: run.sandbox.automationStarts.map((s) => `${s.actionId} ${JSON.stringify(s.parameters)}`),
      approvalRequests: run.notifier.sent.filter((n) => n.kind === "approval-request").length,
      notifications: run.notifier.sent.map((n) => n.kind),
      audit: trail.map((r) => r.kind),
      reports: (run.ports.reports as MemoryReports).reports?.size ?? 0,
    },
    chainIntact: firstBrokenLink(trail) === -1,
  };
}

/** Runs one scenario, crashing at point `target` (or nowhere), and reports what the incident did. */
export async function runWithCrash(
  scenario: Scenario,
  ctx: CrashRunContext,
  target?: number,
  label = "ref",
): Promise<ObservedRun> {
  const w0 = performance.now();
  const run = prepareSimulatedRun(scenario, {
    retriever: ctx.retriever,
    reasoner: { mode: "rules" },
    outcomes: new MemoryOutcomes(),
    incidentPrefix: `${scenario.metadata.id}-${label}`,
  });
  const injector = new CrashInjector(target);
  injectCrashPoints(run.ports, () => injector);
  ctx.decoratePorts?.(run.ports, scenario);
  const clock = new BudgetGuardClock(run.sandbox.clock);
  run.ports.clock = clock;
  const base = { scenario: scenario.metadata.id, points: injector.reached, failedDeliveries: [] as string[] };
  const empty = { effects: { actions: [], approvalRequests: 0, notifications: [], audit: [], reports: 0 } };
  if (!run.incident) {
    return { ...base, ...empty, opened: false, finished: true, chainIntact: true, invocations: 0, wallMs: 0 };
  }
  const incident = run.incident;
  const wakeups = new ScheduledWakeups();
  const store = memoryStore(incident);
  const waitList = memoryWaitList();
  const worker = (graph: IncidentGraph) =>
    new Responder({
      graph,
      store,
      queue: { enqueue: async () => {} },
      waitList,
      wakeups,
      now: () => clock.now(),
    });
  let graph = run.compile(crashingSaver(ctx.saver(), injector));
  let responder = worker(graph);
  const approver = scriptedApprover(scenario, [], run.approvalKey, () => clock.now());
  const due: WorkCommand[] = [{ kind: "start", incidentId: incident.id }];
  let state: IncidentStateValue | undefined;
  let invocations = 0;
  let deliveries = 0;
  let approvals = 0;
  for (;;) {
    let command = due.shift();
    if (!command && !wakeups.size) {
      // Nothing queued: a person who got the approval request answers it, whether or not the worker
      // that paused lived to report the pause.
      const phase = await threadPhase(graph, incident.id);
      if (phase.phase === "approval" && approvals < MAX_APPROVALS) {
        command = {
          kind: "resume",
          incidentId: incident.id,
          commandId: `approval-${++approvals}`,
          resume: await approver(phase.request, incident),
        };
      }
    }
    if (!command) {
      const next = wakeups.next();
      if (!next) break;
      const wait = next.at - clock.now().getTime();
      if (wait > 0) run.sandbox.clock.advanceMs(wait);
      command = WorkCommandSchema.parse(JSON.parse(next.message));
    }
    if (++invocations > MAX_INVOCATIONS) break;
    const budget = budgetFromRemaining(
      clock.now().getTime(),
      CHAOS_BUDGET_SECONDS * 1000,
      BUDGET_SAFETY_MARGIN_MS,
    );
    clock.deadlineMs = budget.deadlineMs;
    try {
      const result = await responder.work(command, { budget });
      deliveries = 0;
      if (result) state = result.state;
      if (result?.paused && result.pending) {
        due.push({
          kind: "resume",
          incidentId: incident.id,
          commandId: `approval-${++approvals}`,
          resume: await approver(result.pending, incident),
        });
      }
    } catch (error) {
      base.failedDeliveries.push(`${command.kind}: ${(error as Error).message}`);
      if (++deliveries >= MAX_DELIVERIES) break; // the DLQ: the incident is lost to the harness
      if (error instanceof SimulatedCrash) {
        // The process died: a new one builds its graph from scratch over the same table.
        graph = run.compile(ctx.saver());
        responder = worker(graph);
      }
      // SQS redelivers the same message; in `continue` mode a retry's continue command arrives first.
      due.unshift(command);
      if (ctx.afterCrash === "continue") due.unshift({ kind: "continue", incidentId: incident.id });
    } finally {
      clock.deadlineMs = undefined;
    }
  }
  const phase = await threadPhase(graph, incident.id);
  const final = (await graph.getState({ configurable: { thread_id: incident.id } }))
    .values as IncidentStateValue;
  return {
    ...base,
    incidentId: incident.id,
    opened: true,
    finished: phase.phase === "done",
    ...(await observe(run, incident.id, final ?? state)),
    ...(injector.crashed && target !== undefined ? { crash: injector.reached[target] } : {}),
    invocations,
    wallMs: performance.now() - w0,
  };
}
