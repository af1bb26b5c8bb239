/** Reading a checkpoint tuple the way every console store shows it: the state and the approval it waits on. */
import type { CheckpointTuple } from "@langchain/langgraph";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { IncidentRecord } from "./store.js";

const INTERRUPT = "__interrupt__";

/** The approval request among a checkpoint's pending interrupt writes (wake-ups are not for people). */
export function pendingFromWrites(writes: readonly (readonly [string, string, unknown])[] | undefined) {
  for (const [, channel, value] of writes ?? []) {
    if (channel !== INTERRUPT) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      const inner = (item as { value?: unknown })?.value;
      const request = Array.isArray(inner) ? inner[0] : inner;
      if (request && typeof request === "object" && "action_request" in request)
        return request as HumanInterrupt;
    }
  }
  return undefined;
}

/** The incident's record from its latest checkpoint, or undefined when the thread holds no incident. */
export function recordFromTuple(tuple: CheckpointTuple | undefined): IncidentRecord | undefined {
  const values = tuple?.checkpoint.channel_values as IncidentStateValue | undefined;
  if (!values?.incident) return undefined;
  const state = { ...values, timeline: values.timeline ?? [] } as IncidentStateValue;
  const pending = pendingFromWrites(tuple?.pendingWrites as [string, string, unknown][] | undefined);
  return { state, ...(pending ? { pending } : {}) };
}
