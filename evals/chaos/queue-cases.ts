/**
 * The "queue" fault class of `eval:chaos`: one incident per case through the worker's Lambda handler over
 * the in-process SQS FIFO queue (`queue-harness.ts`), each compared with the same scenario run through the
 * queue without a fault. Every case must end with the incident finished exactly once and the clean run's
 * outcome and side effects — or, for the poison message, with that message in the dead-letter queue (and
 * the DLQ alarm's condition met) and the real incident unharmed; for a persistent AWS fault, with the
 * incident escalated with the fault as the reason and nothing in the dead-letter queue.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { injectPortFaults } from "../../tools/faults/port-faults.js";
import { withRetries } from "../../tools/faults/retry.js";
import { FaultSchedule } from "../../tools/faults/schedule.js";
import type { Scenario } from "../scenario/index.js";
import { type QueueRun, type QueueRunHooks, runThroughQueue } from "./queue-harness.js";

export interface QueueCaseResult {
  case: string;
  scenario: string;
  ok: boolean;
  problems: string[];
  /** Deliveries beyond the first of a message (what the case injects). */
  redeliveries: number;
  duplicated: number;
  lost: number;
  wallMs: number;
  run: Omit<QueueRun, "effects">;
}

interface QueueCase {
  name: string;
  /** Which kind of scenario the case needs: any, or one that waits for sign-off. */
  needs: "any" | "approval";
  hooks: (ref: QueueRun) => QueueRunHooks;
  /** What must hold beyond "same as the clean run" (or instead of it). */
  expect?: (run: QueueRun, ref: QueueRun) => string[];
  /** The incident does not finish by design (escalated mid-run): skip the comparison with the clean run. */
  escalates?: boolean;
}

/** Persistent throttling: every simulated AWS call is refused, so every retry runs out. */
function alwaysThrottled(ports: Parameters<NonNullable<QueueRunHooks["decoratePorts"]>>[0]) {
  injectPortFaults(ports, new FaultSchedule(7, { throttling: 1 }));
  withRetries(ports, { maxAttempts: 3, baseMs: 0, capMs: 0 });
}

export const QUEUE_CASES: readonly QueueCase[] = [
  {
    name: "redelivery of the same message",
    needs: "any",
    hooks: () => ({ loseFirstDeletes: true }),
    expect: (run) => (run.redeliveries === 0 ? ["no message was redelivered"] : []),
  },
  {
    name: "delivery after the visibility timeout while the first worker runs",
    needs: "any",
    hooks: () => ({ concurrentDeliveryAt: 1 }),
    expect: (run) => (run.redeliveries === 0 ? ["the message was not delivered a second time"] : []),
  },
  {
    name: "worker killed mid-graph (timeout), resumed from its checkpoint",
    needs: "any",
    hooks: (ref) => ({ crashAt: Math.floor(ref.crashPoints / 2) }),
    expect: (run) => (run.crashed ? [] : ["the worker was never killed"]),
  },
  {
    name: "out-of-order approval and resume commands",
    needs: "approval",
    hooks: () => ({
      before: (incidentId) => [
        { kind: "resume", incidentId, commandId: "early", resume: { decision: "accept" } },
        { kind: "continue", incidentId },
      ],
      aroundResume: (resume) => [
        { kind: "wake", incidentId: resume.incidentId, at: "1970-01-01T00:00:00.000Z" },
        resume,
        { ...resume, commandId: `${"commandId" in resume ? resume.commandId : "x"}-again` },
        { kind: "continue", incidentId: resume.incidentId },
      ],
    }),
  },
  {
    name: "poison message reaches the DLQ",
    needs: "any",
    hooks: () => ({ poison: ["{not json", JSON.stringify({ kind: "launch", incidentId: "x" })] }),
    expect: (run) => [
      ...(run.dlqBodies.length === 2 ? [] : [`${run.dlqBodies.length} of 2 poison messages in the DLQ`]),
      ...(run.dlqAlarm ? [] : ["the DLQ alarm's condition (visible messages > 0) is not met"]),
    ],
  },
  {
    name: "persistent AWS fault escalates on the last delivery",
    needs: "any",
    escalates: true,
    hooks: () => ({ decoratePorts: alwaysThrottled }),
    expect: (run) => [
      ...(run.status === "escalated" ? [] : [`status ${run.status ?? "unset"}, not escalated`]),
      ...(/failed \d+ times/.test(run.statusReason ?? "")
        ? []
        : [`reason ${run.statusReason} names no fault`]),
      ...(run.dlqBodies.length === 0 ? [] : ["the command went to the DLQ instead of escalating"]),
    ],
  },
];

const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());

/** Extra and missing side effects of `run` compared with `ref` (actions, approval requests, reports, audit). */
function compareEffects(run: QueueRun, ref: QueueRun): { duplicated: number; problems: string[] } {
  const problems: string[] = [];
  let duplicated = 0;
  const lists: [string, string[], string[]][] = [
    ["action", run.effects.actions, ref.effects.actions],
    ["notification", run.effects.notifications, ref.effects.notifications],
    ["audit record", run.effects.audit, ref.effects.audit],
  ];
  for (const [what, got, want] of lists) {
    const g = count(got);
    const w = count(want);
    for (const key of new Set([...g.keys(), ...w.keys()])) {
      const d = (g.get(key) ?? 0) - (w.get(key) ?? 0);
      if (d > 0) duplicated += d;
      if (d !== 0) problems.push(`${what} ${key}: ${g.get(key) ?? 0} (clean run ${w.get(key) ?? 0})`);
    }
  }
  if (run.effects.reports !== ref.effects.reports)
    problems.push(`${run.effects.reports} report(s) (clean run ${ref.effects.reports})`);
  return { duplicated, problems };
}

/** Runs every queue case on the scenarios given (the first plain one, and one that waits for sign-off). */
export async function runQueueCases(options: {
  retriever: RunbookRetriever;
  saver: () => BaseCheckpointSaver;
  scenarios: { any: Scenario; approval: Scenario };
  label?: string;
}): Promise<QueueCaseResult[]> {
  const refs = new Map<Scenario, QueueRun>();
  const reference = async (scenario: Scenario) => {
    let ref = refs.get(scenario);
    if (!ref) {
      const run = await runThroughQueue(scenario, { ...options, label: `${options.label ?? ""}ref` }, {});
      if (!run.finished) throw new Error(`the clean queue run of ${scenario.metadata.id} did not finish`);
      ref = run;
      refs.set(scenario, ref);
    }
    return ref;
  };
  const results: QueueCaseResult[] = [];
  for (const [i, c] of QUEUE_CASES.entries()) {
    const scenario = options.scenarios[c.needs];
    const ref = await reference(scenario);
    const run = await runThroughQueue(
      scenario,
      { ...options, label: `${options.label ?? ""}c${i}` },
      c.hooks(ref),
    );
    const problems = [...(c.expect?.(run, ref) ?? [])];
    let duplicated = 0;
    if (!c.escalates) {
      if (!run.finished) problems.push("the incident did not finish");
      if (run.outcome !== ref.outcome) problems.push(`outcome ${run.outcome} (clean run ${ref.outcome})`);
      if (!run.chainIntact) problems.push("the audit hash chain is broken");
      const diff = compareEffects(run, ref);
      duplicated = diff.duplicated;
      problems.push(...diff.problems);
      if (run.deadLettered > (c.hooks(ref).poison?.length ?? 0))
        problems.push("a work command reached the DLQ");
    } else {
      const actionsRun = run.effects.actions.length;
      if (actionsRun > ref.effects.actions.length) duplicated = actionsRun - ref.effects.actions.length;
    }
    const lost = !c.escalates && !run.finished ? 1 : c.escalates && run.status !== "escalated" ? 1 : 0;
    const { effects: _e, ...rest } = run;
    results.push({
      case: c.name,
      scenario: scenario.metadata.id,
      ok: problems.length === 0,
      problems,
      redeliveries: run.redeliveries,
      duplicated,
      lost,
      wallMs: run.wallMs,
      run: rest,
    });
  }
  return results;
}
