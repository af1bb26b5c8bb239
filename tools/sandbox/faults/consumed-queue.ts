/** The SQS queue a fault's target consumes, for faults that act on a consumer and its queue together. */
import type { QueueState } from "../data-resources.js";
import type { World } from "../world.js";

/**
 * The queue named by the fault, else the one queue that declares the target as its consumer (a Lambda
 * consumer may be declared with or without its alias). A clear error when there is none or more than one.
 */
export function consumedQueue(world: World, kind: string, target: string, named?: string): QueueState {
  if (named !== undefined) {
    const queue = world.queues.get(named);
    if (!queue) throw new Error(`${kind}: no SQS queue '${named}'`);
    return queue;
  }
  const base = target.split(":")[0];
  const found = [...world.queues.values()].filter(
    (q) => q.consumer !== undefined && (q.consumer === target || q.consumer.split(":")[0] === base),
  );
  const [only] = found;
  if (!only || found.length > 1) {
    throw new Error(
      `${kind}: ${found.length === 0 ? "no" : "more than one"} SQS queue declares '${target}' as its consumer; name the queue in the fault's params`,
    );
  }
  return only;
}
