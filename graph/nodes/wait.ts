import { Command, interrupt } from "@langchain/langgraph";
import type { IncidentStateValue, Wakeup } from "../state.js";
import { WAKE_NODES } from "../state.js";

export const WAIT_NODE = "wait";
export const WAIT_ENDS = WAKE_NODES;

/** What the `wait` node pauses on: the driver turns it into a scheduled wake-up of the incident. */
export interface WakeupRequest extends Wakeup {
  kind: "wake-up";
}

export function isWakeupRequest(value: unknown): value is WakeupRequest {
  return typeof value === "object" && value !== null && (value as { kind?: unknown }).kind === "wake-up";
}

/**
 * Ends the invocation at a checkpoint until the wake-up time: a wait that would outlast what the invocation
 * has left is never slept through. No side effects here (the node re-runs from its first line on resume);
 * on resume it hands over to the node that continues the wait.
 */
export function createWaitNode() {
  return async (state: IncidentStateValue) => {
    const wakeup = state.wakeup;
    if (!wakeup) throw new Error("the wait node was reached without a wake-up request; refusing to guess");
    interrupt<WakeupRequest, unknown>({ kind: "wake-up", ...wakeup });
    return new Command({ goto: wakeup.node });
  };
}
