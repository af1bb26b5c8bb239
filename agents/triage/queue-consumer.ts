/**
 * A queue alarm (its depth, its oldest message, or its dead-letter queue filling) explained by the queue's
 * consumer being short of capacity: a Lambda consumer running throttled at its reserved concurrency (the event
 * source takes batches the function has no room for; they return to the queue, age it, and after
 * `maxReceiveCount` receives are dead-lettered without the code ever seeing them, so the consumer logs no
 * error), or a worker fleet with every instance CPU-bound. Read from metrics and the resources' declared
 * relations only (the queue's consumer and dead-letter queue), never from log wording.
 */
import type { Alert, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";
import { type SpecificFinding, specificFindings } from "./category-evidence.js";

/** Minutes of recent data read. */
const RECENT_MINUTES = 5;
/** Minutes of those that must show throttled invocations: a sustained cap, not one burst. */
const THROTTLED_MINUTES = 3;
/** Peak concurrency at this share of the reservation or above: the reservation is what caps it. */
const AT_RESERVATION = 0.9;

export interface ThrottledConsumer {
  /** The source queue (the alarm may name its dead-letter queue). */
  queue: ResourceDescription;
  finding: SpecificFinding;
}

async function recent(ports: Ports, metric: string, fn: string, stat: string): Promise<number[]> {
  const end = ports.clock.now();
  const series = await ports.metrics.getSeries({
    namespace: "AWS/Lambda",
    metric,
    dimensions: { FunctionName: fn },
    start: minutesBefore(end, RECENT_MINUTES),
    end,
    stat,
  });
  return series.points.map((p) => p.value);
}

/** The queue the alarm watches, directly or through its dead-letter queue. */
export function alarmedQueue(
  alert: Alert,
  resources: ResourceDescription[],
): ResourceDescription | undefined {
  const name = alert.metric?.namespace === "AWS/SQS" ? alert.metric.dimensions?.QueueName : undefined;
  if (!name) return undefined;
  const queues = resources.filter((r) => r.type === "sqs-queue");
  return queues.find((q) => q.id === name) ?? queues.find((q) => q.attributes.deadLetterQueue === name);
}

/** The compute resource of ours that consumes the alarmed queue, when the queue declares one. */
export function queueConsumerOf(
  alert: Alert,
  resources: ResourceDescription[],
): ResourceDescription | undefined {
  const consumerId = String(alarmedQueue(alert, resources)?.attributes.consumer ?? "");
  if (consumerId === "") return undefined;
  return resources.find(
    (r) =>
      r.type !== "sqs-queue" &&
      (r.id === consumerId ||
        (r.type === "lambda-function" &&
          String(r.attributes.functionName ?? "") === consumerId.split(":")[0])),
  );
}

/** The consumer's shortage of capacity behind a queue alarm: a throttled function or a saturated fleet. */
export async function shortQueueConsumer(
  ports: Ports,
  alert: Alert,
  resources: ResourceDescription[],
): Promise<ThrottledConsumer | undefined> {
  const queue = alarmedQueue(alert, resources);
  const consumer = queueConsumerOf(alert, resources);
  if (!queue || !consumer) return undefined;
  if (consumer.type === "autoscaling-group") {
    const saturated = (await specificFindings(ports, [consumer])).find((f) => f.category === "capacity");
    return saturated
      ? { queue, finding: { ...saturated, why: `${queue.id} backs up while ${saturated.why}` } }
      : undefined;
  }
  return throttledQueueConsumer(ports, alert, resources);
}

export async function throttledQueueConsumer(
  ports: Ports,
  alert: Alert,
  resources: ResourceDescription[],
): Promise<ThrottledConsumer | undefined> {
  const queue = alarmedQueue(alert, resources);
  const consumer = queueConsumerOf(alert, resources);
  if (!queue || consumer?.type !== "lambda-function") return undefined;
  const reserved = Number(consumer?.attributes.reservedConcurrency ?? Number.NaN);
  if (!consumer || !(reserved > 0)) return undefined;
  const fn = String(consumer.attributes.functionName ?? consumer.id);
  const [throttles, concurrency] = await Promise.all([
    recent(ports, "Throttles", fn, "Sum"),
    recent(ports, "ConcurrentExecutions", fn, "Maximum"),
  ]);
  const peak = Math.max(0, ...concurrency);
  const throttledMinutes = throttles.filter((t) => t > 0).length;
  if (throttledMinutes < THROTTLED_MINUTES || peak < reserved * AT_RESERVATION) return undefined;
  const total = Math.round(throttles.reduce((a, b) => a + b, 0));
  const dlq = String(queue.attributes.deadLetterQueue ?? "none");
  const aside =
    dlq !== "none" && alert.metric?.dimensions?.QueueName === dlq
      ? `; batches it has no room for return to ${queue.id} and messages that exhaust maxReceiveCount (${queue.attributes.maxReceiveCount}) land in ${dlq} without reaching the code`
      : `; batches it has no room for return to ${queue.id}, which backs up`;
  return {
    queue,
    finding: {
      category: "throttling",
      resourceId: consumer.id,
      why: `${queue.id}'s consumer ${fn} runs at its reserved concurrency of ${reserved} (peak ${peak}) and throttled ${total} invocations in the last ${RECENT_MINUTES} minutes${aside}`,
    },
  };
}
