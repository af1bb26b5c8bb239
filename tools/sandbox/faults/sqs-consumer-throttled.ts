/**
 * sqs-consumer-throttled: a burst lands on a queue whose consumer is a Lambda function capped by its reserved
 * concurrency. The event source's poller takes batches the function has no room for; each throttled batch
 * goes back to the queue and counts a receive, so a message throttled on all of its `maxReceiveCount`
 * receives lands in the dead-letter queue (the share is rejected^maxReceiveCount, which is why AWS advises a
 * maxReceiveCount of at least 5 for Lambda consumers). Nothing fails in the code: the function logs only the
 * batches it does process, with their receive counts.
 *
 * Two changes end it, in order: room for the burst (reserved concurrency ≥ the demand, which stops more
 * messages from dead-lettering) and then the dead-lettered messages moved back (the redrive) so they are
 * processed. Redriving first sends them round the same throttled consumer.
 */
import { z } from "zod";
import { addEffect, scaleEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { consumedQueue } from "./consumed-queue.js";
import { lambdaLog, must, ramp, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const sqsConsumerThrottled = defineFault({
  kind: "sqs-consumer-throttled",
  summary:
    "A queue-triggered Lambda throttled at its reservation dead-letters messages; raise it, then redrive the DLQ.",
  targetType: "lambda-function",
  params: z.strictObject({
    /** The queue that triggers the function (default: the queue declaring it as consumer); it needs a DLQ. */
    sourceQueue: z.string().min(1).optional(),
    /** Message (and invocation) multiplier once the burst has ramped up. */
    factor: z.number().min(1).default(2.5),
    rampMinutes: z.number().int().positive().default(3),
    /** Minutes the burst lasts; the backlog it leaves in the DLQ stays until redriven. */
    burstMinutes: z.number().int().positive().default(120),
    producer: z.string().default("partner-webhook-relay"),
  }),
  start(ctx) {
    const fn = must(ctx.world.lambdas.get(ctx.target), "sqs-consumer-throttled", "Lambda alias", ctx.target);
    const queue = consumedQueue(ctx.world, "sqs-consumer-throttled", ctx.target, ctx.params.sourceQueue);
    if (fn.reservedConcurrency === undefined)
      throw new Error(`sqs-consumer-throttled: '${ctx.target}' has no reservedConcurrency; declare one`);
    if (!queue.deadLetterQueue)
      throw new Error(`sqs-consumer-throttled: queue '${queue.name}' has no deadLetterQueue; declare one`);
    return { queue: queue.name };
  },
  tick(ctx, state) {
    const fn = ctx.world.lambdas.get(ctx.target);
    const queue = ctx.world.queues.get(state.queue);
    if (!fn || !queue || ctx.elapsed >= ctx.params.burstMinutes) return;
    const fx = ctx.world.effects.resources;
    const factor = 1 + (ctx.params.factor - 1) * ramp(ctx.elapsed, ctx.params.rampMinutes);
    scaleEffect(fx, fn.id, "invocationFactor", factor);
    scaleEffect(fx, queue.name, "sentFactor", factor);
    const demand = (fn.invocationsPerMinute * factor * fn.durationMs) / 60_000;
    const limit = fn.reservedConcurrency ?? Number.POSITIVE_INFINITY;
    const rejected = demand > limit ? 1 - limit / demand : 0;
    if (rejected > 0) {
      const sent = queue.sentPerMinute * factor;
      scaleEffect(fx, queue.name, "processFactor", 1 - rejected);
      addEffect(fx, queue.name, "receives", sent * rejected);
      addEffect(fx, queue.name, "deadLettered", sent * rejected ** queue.maxReceiveCount);
    }
    const batches = intBetween(ctx.rand, 2, 3);
    for (let i = 0; i < batches; i++) {
      const retried = rejected > 0 && i === 0;
      lambdaLog(
        ctx,
        fn.id,
        "INFO",
        JSON.stringify({
          level: "info",
          time: ctx.nowMs + i * 7_000,
          requestId: requestId(ctx.rand),
          msg: "batch processed",
          queue: queue.name,
          records: 10,
          source: ctx.params.producer,
          maxApproximateReceiveCount: retried ? queue.maxReceiveCount : 1,
          durationMs: intBetween(ctx.rand, Math.round(fn.durationMs * 0.8), Math.round(fn.durationMs * 1.2)),
        }),
      );
    }
  },
  resolved(ctx, state) {
    const fn = ctx.world.lambdas.get(ctx.target);
    const queue = ctx.world.queues.get(state.queue);
    if (!fn || !queue) return false;
    const demand = (fn.invocationsPerMinute * ctx.params.factor * fn.durationMs) / 60_000;
    const room = ctx.elapsed >= ctx.params.burstMinutes || (fn.reservedConcurrency ?? 0) >= demand;
    return room && queue.deadLettered === 0;
  },
});
