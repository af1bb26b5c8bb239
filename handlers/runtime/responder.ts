import { Command } from "@langchain/langgraph";
import type { IncidentGraph } from "../../graph/incident-graph.js";
import type { ApprovalWaitList } from "../approvals/wait-list.js";
import type { IncidentStore, IntakeResult } from "../intake/index.js";
import { ingestAndDispatch, sweepStaleApprovals } from "./dispatch.js";
import { type DriveResult, driveIncident, pendingApproval } from "./drive.js";
import type { WorkCommand, WorkQueue } from "./work-queue.js";

export interface ResponderDeps {
  graph: IncidentGraph;
  store: IncidentStore;
  queue: WorkQueue;
  waitList: ApprovalWaitList;
  now?: () => Date;
  /** Called with each run's result (for logs, metrics and the CLI). */
  onResult?: (incidentId: string, result: DriveResult | { skipped: string }) => void;
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

  /** Runs one queued command. Repeated or stale commands are recognised and skipped, never re-run. */
  async work(command: WorkCommand): Promise<void> {
    const { graph, store } = this.deps;
    const id = command.incidentId;
    const thread = { configurable: { thread_id: id } };
    let result: DriveResult;
    if (command.kind === "start") {
      const existing = await graph.getState(thread);
      if (existing.values && Object.keys(existing.values).length > 0) {
        this.deps.onResult?.(id, { skipped: "the run already started" });
        return;
      }
      const incident = await store.getIncident(id);
      if (!incident) throw new Error(`incident ${id} is not in the incident store`);
      result = await driveIncident(graph, id, { incident });
    } else if (command.kind === "resume") {
      if (!(await pendingApproval(graph, id))) {
        this.deps.onResult?.(id, { skipped: "nothing is waiting for approval" });
        return;
      }
      result = await driveIncident(graph, id, new Command({ resume: command.resume }));
    } else {
      result = await driveIncident(graph, id, null);
    }
    if (result.paused) {
      await this.deps.waitList.add(id, this.now());
      await store.setStatus(id, "awaiting-approval", "waiting for sign-off");
    } else {
      await this.deps.waitList.remove(id);
      const status = result.state.incident?.status;
      if (status === "resolved" || status === "escalated")
        await store.setStatus(id, status, result.state.outcome);
    }
    this.deps.onResult?.(id, result);
  }

  /** Escalates approvals older than `maxWaitMinutes` by resuming them with a rejection from the sweeper. */
  sweep(maxWaitMinutes: number): Promise<string[]> {
    return sweepStaleApprovals({ ...this.deps, now: this.now() }, maxWaitMinutes);
  }
}
