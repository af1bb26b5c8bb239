import { Command } from "@langchain/langgraph";
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import type { InvocationBudget } from "../../graph/budget.js";
import type { IncidentGraph } from "../../graph/incident-graph.js";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { isWakeupRequest, type WakeupRequest } from "../../graph/nodes/wait.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { Incident } from "../../tools/domain/index.js";

/** Answers an approval request: our resume shape (or an Agent Inbox response). */
export type Approver = (request: HumanInterrupt, incident: Incident) => Promise<unknown>;

export interface DriveOptions {
  /** Called for every timeline line as the graph produces it. */
  onTimeline?: (entry: TimelineEntry) => void;
  /** Called when the run pauses for a human; without it the run stops at the pause. */
  approver?: Approver;
  recursionLimit?: number;
  /** This invocation's budget: a wait that would outlast it ends the run with a wake-up request instead. */
  budget?: InvocationBudget;
  /** Per-run settings for the graph (`modelId`, `stepBudget`, `maxToolRounds`), as Studio's assistant config. */
  configurable?: Record<string, unknown>;
}

export interface DriveResult {
  state: IncidentStateValue;
  /** True when the run stopped at an approval request nobody answered yet. */
  paused: boolean;
  pending?: HumanInterrupt;
  /** Set when the run stopped at a checkpoint to be woken at `wakeup.at` (schedule it; nothing else to do). */
  wakeup?: WakeupRequest;
}

function config(
  threadId: string,
  recursionLimit: number,
  budget?: InvocationBudget,
  configurable: Record<string, unknown> = {},
) {
  return {
    configurable: { ...configurable, thread_id: threadId, ...(budget ? { budget } : {}) },
    recursionLimit,
    // Each step's checkpoint is durable before the next step starts, so no side effect of a later step can
    // happen while an earlier step could still be lost to a crash (and re-run, perhaps deciding otherwise).
    durability: "sync" as const,
  };
}

async function pendingInterrupts(graph: IncidentGraph, threadId: string): Promise<unknown[]> {
  const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
  const values: unknown[] = [];
  for (const task of snapshot.tasks) {
    const value = task.interrupts[0]?.value as unknown;
    if (value !== undefined) values.push(Array.isArray(value) ? value[0] : value);
  }
  return values;
}

/** The wake-up the thread is waiting for, if any. */
export async function pendingWakeup(
  graph: IncidentGraph,
  threadId: string,
): Promise<WakeupRequest | undefined> {
  return (await pendingInterrupts(graph, threadId)).find(isWakeupRequest);
}

/** The approval request the thread is waiting on, if any. */
export async function pendingApproval(
  graph: IncidentGraph,
  threadId: string,
): Promise<HumanInterrupt | undefined> {
  return (await pendingInterrupts(graph, threadId)).find((v) => v && !isWakeupRequest(v)) as
    | HumanInterrupt
    | undefined;
}

/**
 * Runs (or resumes) one incident's thread to its end or to a pause, streaming timeline lines, and
 * answering approval requests with the approver when one is given.
 */
export async function driveIncident(
  graph: IncidentGraph,
  threadId: string,
  input: { incident: Incident } | Command | null,
  options: DriveOptions = {},
): Promise<DriveResult> {
  const cfg = config(threadId, options.recursionLimit ?? 100, options.budget, options.configurable);
  let next: { incident: Incident } | Command | null = input;
  for (;;) {
    // The graph accepts an input, a resume Command, or null (continue from the checkpoint).
    const stream = await graph.stream(next as Parameters<IncidentGraph["stream"]>[0], {
      ...cfg,
      streamMode: "updates",
    });
    for await (const chunk of stream) {
      for (const update of Object.values(chunk as Record<string, unknown>)) {
        const timeline = (update as { timeline?: TimelineEntry[] } | undefined)?.timeline;
        if (Array.isArray(timeline)) for (const entry of timeline) options.onTimeline?.(entry);
      }
    }
    const snapshot = await graph.getState(cfg);
    const state = snapshot.values as IncidentStateValue;
    const wakeup = await pendingWakeup(graph, threadId);
    if (wakeup) return { state, paused: false, wakeup };
    const pending = await pendingApproval(graph, threadId);
    if (!pending) return { state, paused: false };
    if (!options.approver) return { state, paused: true, pending };
    next = new Command({ resume: await options.approver(pending, state.incident) });
  }
}
