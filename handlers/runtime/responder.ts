import { Command } from "@langchain/langgraph";
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import type { InvocationBudget } from "../../graph/budget.js";
import type { IncidentGraph } from "../../graph/incident-graph.js";
import type { WakeupRequest } from "../../graph/nodes/wait.js";
import type { WakeupPort } from "../../tools/ports.js";
import type { ApprovalWaitList } from "../approvals/wait-list.js";
import type { IncidentStore, IntakeResult } from "../intake/index.js";
import { ingestAndDispatch, sweepStaleApprovals } from "./dispatch.js";
import { type DriveResult, driveIncident } from "./drive.js";
import { type ThreadPhase, threadPhase } from "./thread-phase.js";
import type { WorkCommand, WorkQueue } from "./work-queue.js";

export interface ResponderDeps {
  graph: IncidentGraph;
  store: IncidentStore;
  queue: WorkQueue;
  waitList: ApprovalWaitList;
  /** The timer for durable waits: a run that stops at a wait is woken through it. */
  wakeups?: WakeupPort;
  now?: () => Date;
  /** Called with each run's result (for logs, metrics and the CLI). */
  onResult?: (incidentId: string, result: DriveResult | { skipped: string }) => void;
  /**
   * Sees every timeline line as the run produces it (e.g. lifecycle updates to a Slack thread); awaited with
   * the command, so nothing it starts outlives the invocation.
   */
  onTimeline?: (incidentId: string, entry: TimelineEntry) => Promise<void>;
}

/**
 * The responder as the Lambda handlers and the CLI use it: intake opens incidents and queues exactly one
 * start per incident; the worker runs or resumes one incident's thread per command.
 */
export class Responder {
  constructor(private readonly deps: ResponderDeps) {}

  private now() {
    return this.deps.now?.() ?? new Date();
  }

  /** Records an event's alerts; queues a run start for each incident that needs one. */
  ingest(event: unknown): Promise<IntakeResult> {
    return ingestAndDispatch(event, this.deps);
  }

  /** Asks the timer to deliver a wake command for this wait (idempotent per incident and time). */
  private async scheduleWakeup(incidentId: string, wakeup: WakeupRequest): Promise<void> {
    if (!this.deps.wakeups) {
      throw new Error(
        `incident ${incidentId} is waiting until ${wakeup.at} (${wakeup.reason}) but the responder has no wake-up timer; give it one (ResponderDeps.wakeups)`,
      );
    }
    const command: WorkCommand = { kind: "wake", incidentId, at: wakeup.at };
    await this.deps.wakeups.schedule({
      incidentId,
      at: new Date(wakeup.at),
      message: JSON.stringify(command),
    });
  }

  private async markAwaitingApproval(id: string): Promise<void> {
    await this.deps.waitList.add(id, this.now());
    await this.deps.store.setStatus(id, "awaiting-approval", "waiting for sign-off");
  }

  /**
   * A command that finds the thread parked at a wait it does not end (a redelivered start, an old wake-up):
   * the wake-up of that wait may never have been scheduled (the last invocation died in between), so
   * schedule it again — a no-op when it was.
   */
  private async skip(id: string, reason: string, phase: ThreadPhase): Promise<void> {
    const waiting = phase.phase === "wait" ? phase.wakeup : undefined;
    if (waiting) await this.scheduleWakeup(id, waiting);
    // Likewise a pause whose invocation died before it put the incident on the approval wait list: without
    // the entry the sweeper would never escalate it. Adding keeps the first `since`.
    if (phase.phase === "approval") await this.markAwaitingApproval(id);
    this.deps.onResult?.(id, { skipped: waiting ? `${reason}; waiting until ${waiting.at}` : reason });
  }

  /**
   * Runs one queued command within the invocation's budget. Whatever the command, a thread with work left
   * and no pending interrupt (a run that crashed, timed out or failed after a checkpoint) is continued from
   * its last checkpoint, so a redelivered or retried command always moves the incident forward, and only
   * once: repeated or stale commands for a parked or finished thread are skipped, never re-run. A run that
   * stops at a wait gets its wake-up scheduled.
   */
  async work(
    command: WorkCommand,
    options: { budget?: InvocationBudget } = {},
  ): Promise<DriveResult | undefined> {
    const { graph, store } = this.deps;
    const id = command.incidentId;
    const sideTasks: Promise<void>[] = [];
    const onTimeline = this.deps.onTimeline;
    const drive = {
      ...(options.budget ? { budget: options.budget } : {}),
      ...(onTimeline
        ? { onTimeline: (entry: TimelineEntry) => void sideTasks.push(onTimeline(id, entry)) }
        : {}),
    };
    const phase = await threadPhase(graph, id);
    let result: DriveResult;
    if (phase.phase === "pending") {
      result = await driveIncident(graph, id, null, drive);
    } else if (phase.phase === "new") {
      if (command.kind !== "start" && command.kind !== "continue") {
        await this.skip(id, `the run has not started; a ${command.kind} has nothing to act on`, phase);
        return undefined;
      }
      const incident = await store.getIncident(id);
      if (!incident) throw new Error(`incident ${id} is not in the incident store`);
      result = await driveIncident(graph, id, { incident }, drive);
    } else if (phase.phase === "approval" && command.kind === "resume") {
      result = await driveIncident(graph, id, new Command({ resume: command.resume }), drive);
    } else if (phase.phase === "wait" && command.kind === "wake" && phase.wakeup.at === command.at) {
      result = await driveIncident(graph, id, new Command({ resume: { wokeAt: command.at } }), drive);
    } else {
      const why =
        phase.phase === "done"
          ? "the run has finished"
          : phase.phase === "approval"
            ? "the run is waiting for approval"
            : command.kind === "wake"
              ? `no wait ends at ${command.at}`
              : "the run is waiting";
      await this.skip(id, `${command.kind} skipped: ${why}`, phase);
      return undefined;
    }
    if (result.wakeup) {
      // No longer waiting for a human (the sweeper must not escalate it); waiting for time instead.
      await this.deps.waitList.remove(id);
      await this.scheduleWakeup(id, result.wakeup);
    } else if (result.paused) {
      await this.markAwaitingApproval(id);
    } else {
      await this.deps.waitList.remove(id);
      const status = result.state.incident?.status;
      if (status === "resolved" || status === "escalated")
        await store.setStatus(id, status, result.state.outcome);
    }
    await Promise.allSettled(sideTasks);
    this.deps.onResult?.(id, result);
    return result;
  }

  /**
   * Hands an incident to people with the reason the automation gave up (e.g. an AWS fault that outlasted
   * every retry on the command's last delivery): its status says so, and it leaves the approval wait list.
   */
  async escalate(id: string, reason: string): Promise<void> {
    await this.deps.waitList.remove(id);
    await this.deps.store.setStatus(id, "escalated", reason);
    this.deps.onResult?.(id, { skipped: `escalated: ${reason}` });
  }

  /** Escalates approvals older than `maxWaitMinutes` by resuming them with a rejection from the sweeper. */
  sweep(maxWaitMinutes: number): Promise<string[]> {
    return sweepStaleApprovals({ ...this.deps, now: this.now() }, maxWaitMinutes);
  }
}
