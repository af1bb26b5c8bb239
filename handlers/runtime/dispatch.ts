import type { ApprovalWaitList } from "../approvals/wait-list.js";
import { type IncidentStore, type IntakeResult, processIntake } from "../intake/index.js";
import type { WorkQueue } from "./work-queue.js";

/** Anything that takes raw events in: the Lambda intake handler only needs this. */
export interface Ingestor {
  ingest(event: unknown): Promise<IntakeResult>;
}

/** Records an event's alerts and queues exactly one run start for each incident that needs one. */
export async function ingestAndDispatch(
  event: unknown,
  deps: { store: IncidentStore; queue: WorkQueue },
): Promise<IntakeResult> {
  const result = await processIntake(event, { store: deps.store });
  if (!result.ok) return result;
  for (const decision of result.decisions) {
    if (decision.startRun && decision.incident) {
      await deps.queue.enqueue({ kind: "start", incidentId: decision.incident.id });
      await deps.store.confirmRunStart(decision.incident.id);
    }
  }
  return result;
}

/** Queues a rejection from the sweeper for every approval older than `maxWaitMinutes`; the worker escalates. */
export async function sweepStaleApprovals(
  deps: { waitList: ApprovalWaitList; queue: WorkQueue; now: Date },
  maxWaitMinutes: number,
): Promise<string[]> {
  const cutoff = new Date(deps.now.getTime() - maxWaitMinutes * 60_000);
  const stale = await deps.waitList.waitingSince(cutoff);
  for (const { incidentId, since } of stale) {
    await deps.queue.enqueue({
      kind: "resume",
      incidentId,
      commandId: `sweep-${incidentId}-${since}`,
      resume: {
        decision: "reject",
        by: "air-sweeper",
        comment: `no decision within ${maxWaitMinutes} minutes (waiting since ${since})`,
      },
    });
  }
  return stale.map((s) => s.incidentId);
}
