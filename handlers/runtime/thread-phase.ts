import type { IncidentGraph } from "../../graph/incident-graph.js";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import { isWakeupRequest, type WakeupRequest } from "../../graph/nodes/wait.js";

/**
 * Where an incident's thread stands, read from its last checkpoint:
 * - `new`: no checkpoint yet (the start never ran or never reached its first checkpoint);
 * - `approval` / `wait`: parked at an interrupt, only the matching resume or wake moves it;
 * - `pending`: work left and nothing it waits for (a run that crashed, timed out or failed on an AWS
 *   error after a checkpoint): any redelivered or retried command continues it from that checkpoint;
 * - `done`: the graph reached its end.
 */
export type ThreadPhase =
  | { phase: "new" }
  | { phase: "approval"; request: HumanInterrupt }
  | { phase: "wait"; wakeup: WakeupRequest }
  | { phase: "pending"; next: string[] }
  | { phase: "done" };

export async function threadPhase(graph: IncidentGraph, threadId: string): Promise<ThreadPhase> {
  const snapshot = await graph.getState({ configurable: { thread_id: threadId } });
  if (!snapshot.config?.configurable?.["checkpoint_id"]) return { phase: "new" };
  for (const task of snapshot.tasks) {
    const raw = task.interrupts[0]?.value as unknown;
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (isWakeupRequest(value)) return { phase: "wait", wakeup: value };
    if (value) return { phase: "approval", request: value as HumanInterrupt };
  }
  // Tasks left (even ones whose writes are saved but whose step never got its checkpoint) mean work left:
  // only a finished graph's last checkpoint has none.
  if (snapshot.next.length > 0 || snapshot.tasks.length > 0)
    return { phase: "pending", next: snapshot.tasks.map((t) => t.name) };
  return { phase: "done" };
}
