/**
 * Lambda mode: runs a scenario the way the deployed stack would. Every worker invocation gets a budget
 * (default 60 s of virtual time, less the worker's safety margin) on a clock that fails any sleep past it;
 * a run that must wait longer ends at a checkpoint and its wake-up is delivered by a scheduled queue on the
 * virtual clock (EventBridge Scheduler in AWS), through the real Responder. The same scenario also runs
 * in-process (one unbounded run, every wait slept inline) so outcomes and bills can be compared.
 */
import { MemorySaver } from "@langchain/langgraph";
import type { ReasonerConfig } from "../../agents/shared/context.js";
import { BUDGET_SAFETY_MARGIN_MS, budgetFromRemaining } from "../../graph/budget.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { ApprovalWaitList } from "../../handlers/approvals/wait-list.js";
import type { IncidentStore } from "../../handlers/intake/index.js";
import { driveIncident } from "../../handlers/runtime/drive.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import { Responder } from "../../handlers/runtime/responder.js";
import { type WorkCommand, WorkCommandSchema } from "../../handlers/runtime/work-queue.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident } from "../../tools/domain/index.js";
import { BudgetGuardClock } from "../../tools/local/budget-clock.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { ScheduledWakeups } from "../../tools/local/scheduled-wakeups.js";
import type { Scenario } from "../scenario/index.js";
import { scenarioPolicy } from "../scenario/policy.js";
import { scriptedApprover } from "./approver.js";

/** Lambda arm64 compute price, USD per GB-second (us-east-1, first 6 billion GB-s per month). */
export const LAMBDA_ARM64_USD_PER_GB_SECOND = 0.0000133334;
/** Lambda request price, USD per invocation ($0.20 per million). */
export const LAMBDA_USD_PER_REQUEST = 0.0000002;
/** Default invocation budget of the eval, in (virtual) seconds: what `getRemainingTimeInMillis` reports. */
export const DEFAULT_INVOCATION_BUDGET_SECONDS = 60;
/** More invocations than this for one incident means a wait that never ends. */
const MAX_INVOCATIONS = 1_000;

export interface LambdaRunOptions {
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  /** Remaining time each invocation starts with, seconds (virtual). */
  budgetSeconds?: number;
  /** Kept back for the checkpoint and the schedule, ms. */
  safetyMarginMs?: number;
}

/** What an incident's run decided, for comparing the two ways of running it. */
export interface OutcomeSignature {
  outcome?: string;
  gate?: string;
  /** Every action started, in order: `actionId {params}`. */
  actions: string[];
  recovered?: boolean;
  error?: string;
}

export interface Invocation {
  command: WorkCommand["kind"];
  /** Virtual time the invocation spent (inline sleeps), seconds. */
  sleptSeconds: number;
  /** Wall time of our code on this machine, seconds. */
  computeSeconds: number;
  wakeupAt?: string;
}

export interface LambdaIncidentRun {
  id: string;
  /** False for a scenario whose alarm never fires (nothing for the worker to do). */
  opened: boolean;
  inProcess: OutcomeSignature & { sleptSeconds: number; computeSeconds: number };
  lambda: OutcomeSignature & { invocations: Invocation[]; wakeups: number; scheduleRequests: number };
  match: boolean;
}

function signature(
  state: IncidentStateValue | undefined,
  starts: readonly { actionId: string; parameters: Record<string, unknown> }[],
  error?: string,
): OutcomeSignature {
  return {
    ...(state?.outcome ? { outcome: state.outcome } : {}),
    ...(state?.gate?.outcome ? { gate: state.gate.outcome } : {}),
    actions: starts.map((s) => `${s.actionId} ${JSON.stringify(s.parameters)}`),
    ...(state?.verification ? { recovered: state.verification.recovered } : {}),
    ...(error ? { error } : {}),
  };
}

function sameOutcome(a: OutcomeSignature, b: OutcomeSignature): boolean {
  const strip = ({ error: _e, ...rest }: OutcomeSignature) => JSON.stringify(rest);
  return !a.error && !b.error && strip(a) === strip(b);
}

async function runInProcess(scenario: Scenario, options: LambdaRunOptions) {
  const run = prepareSimulatedRun(scenario, {
    ...options,
    outcomes: new MemoryOutcomes(),
    policy: scenarioPolicy(scenario),
  });
  if (!run.incident) return { opened: false, sig: signature(undefined, []), slept: 0, compute: 0 };
  const t0 = run.sandbox.clock.nowMs();
  const w0 = performance.now();
  let state: IncidentStateValue | undefined;
  let error: string | undefined;
  try {
    const result = await driveIncident(
      run.graph,
      run.incident.id,
      { incident: run.incident },
      {
        approver: scriptedApprover(
          scenario,
          [],
          run.approvalKey,
          () => run.sandbox.clock.now(),
          (ms) => run.sandbox.clock.sleep(ms),
        ),
      },
    );
    state = result.state;
  } catch (e) {
    error = (e as Error).message;
  }
  return {
    opened: true,
    sig: signature(state, run.sandbox.automationStarts, error),
    slept: (run.sandbox.clock.nowMs() - t0) / 1000,
    compute: (performance.now() - w0) / 1000,
  };
}

/** A stand-in incident store holding the one incident (the worker only reads it and sets its status). */
export function memoryStore(incident: Incident): IncidentStore {
  let current = incident;
  return {
    async getIncident(id: string) {
      return id === current.id ? current : undefined;
    },
    async setStatus(_id: string, status: Incident["status"]) {
      current = { ...current, status };
      return current;
    },
  } as unknown as IncidentStore;
}

export const memoryWaitList = (): ApprovalWaitList => {
  const waiting = new Map<string, string>();
  return {
    async add(id, since) {
      if (!waiting.has(id)) waiting.set(id, since.toISOString());
    },
    async remove(id) {
      waiting.delete(id);
    },
    async waitingSince() {
      return [];
    },
  };
};

async function runAsLambda(scenario: Scenario, options: LambdaRunOptions) {
  const run = prepareSimulatedRun(scenario, {
    ...options,
    outcomes: new MemoryOutcomes(),
    checkpointer: new MemorySaver(),
    policy: scenarioPolicy(scenario),
  });
  const invocations: Invocation[] = [];
  const wakeups = new ScheduledWakeups();
  if (!run.incident) return { opened: false, sig: signature(undefined, []), invocations, wakeups };
  const clock = new BudgetGuardClock(run.sandbox.clock);
  // The graph reads `ports.clock` at call time, so swapping it here puts every node on the guarded clock.
  run.ports.clock = clock;
  const incident = run.incident;
  const approver = scriptedApprover(
    scenario,
    [],
    run.approvalKey,
    () => run.sandbox.clock.now(),
    (ms) => run.sandbox.clock.sleep(ms),
  );
  const responder = new Responder({
    graph: run.graph,
    store: memoryStore(incident),
    queue: { enqueue: async () => {} },
    waitList: memoryWaitList(),
    wakeups,
    now: () => run.sandbox.clock.now(),
  });
  // Commands due now (start, approvals answered at once) run before wake-ups, as the FIFO queue would.
  const due: WorkCommand[] = [{ kind: "start", incidentId: incident.id }];
  const remainingMs = (options.budgetSeconds ?? DEFAULT_INVOCATION_BUDGET_SECONDS) * 1000;
  let state: IncidentStateValue | undefined;
  let error: string | undefined;
  let approvals = 0;
  try {
    for (;;) {
      let command = due.shift();
      if (!command) {
        const next = wakeups.next();
        if (!next) break;
        const wait = next.at - run.sandbox.clock.nowMs();
        // Between invocations the world keeps running; nothing of ours is billed.
        if (wait > 0) run.sandbox.clock.advanceMs(wait);
        command = WorkCommandSchema.parse(JSON.parse(next.message));
      }
      if (invocations.length >= MAX_INVOCATIONS)
        throw new Error(`more than ${MAX_INVOCATIONS} invocations: a wait never ends`);
      const t0 = run.sandbox.clock.nowMs();
      const budget = budgetFromRemaining(t0, remainingMs, options.safetyMarginMs ?? BUDGET_SAFETY_MARGIN_MS);
      clock.deadlineMs = budget.deadlineMs;
      const w0 = performance.now();
      const result = await responder.work(command, { budget });
      clock.deadlineMs = undefined;
      invocations.push({
        command: command.kind,
        sleptSeconds: (run.sandbox.clock.nowMs() - t0) / 1000,
        computeSeconds: (performance.now() - w0) / 1000,
        ...(result?.wakeup ? { wakeupAt: result.wakeup.at } : {}),
      });
      if (result) state = result.state;
      if (result?.paused && result.pending) {
        // The approver answers at once (as in the in-process run); the approval function queues the resume.
        const answer = await approver(result.pending, incident);
        due.push({
          kind: "resume",
          incidentId: incident.id,
          commandId: `approval-${++approvals}`,
          resume: answer,
        });
      }
    }
  } catch (e) {
    error = (e as Error).message;
  }
  return { opened: true, sig: signature(state, run.sandbox.automationStarts, error), invocations, wakeups };
}

/** Runs one scenario both ways and compares them. */
export async function runScenarioAsLambda(
  scenario: Scenario,
  options: LambdaRunOptions,
): Promise<LambdaIncidentRun> {
  const inProcess = await runInProcess(scenario, options);
  const lambda = await runAsLambda(scenario, options);
  return {
    id: scenario.metadata.id,
    opened: inProcess.opened,
    inProcess: { ...inProcess.sig, sleptSeconds: inProcess.slept, computeSeconds: inProcess.compute },
    lambda: {
      ...lambda.sig,
      invocations: lambda.invocations,
      wakeups: lambda.wakeups.scheduled,
      scheduleRequests: lambda.wakeups.requests,
    },
    match:
      inProcess.opened === lambda.opened && (!inProcess.opened || sameOutcome(inProcess.sig, lambda.sig)),
  };
}
