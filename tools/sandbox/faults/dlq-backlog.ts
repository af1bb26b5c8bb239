/**
 * dlq-backlog: a queue's consumer failed for a while (a downstream it writes to was down), so messages
 * exhausted their receives and landed in the dead-letter queue. The consumer has since recovered (unless
 * `stillFailing`), the source queue drains normally, and the dead-lettered messages wait to be reprocessed.
 * Resolved once the dead-letter queue is empty and the consumer healthy: redriving while it still fails
 * only sends the messages round again, and they come back.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { lambdaLog, must, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const dlqBacklog = defineFault({
  kind: "dlq-backlog",
  summary:
    "A consumer outage dead-lettered messages; redrive them once the consumer is healthy again (never before).",
  targetType: "sqs-queue",
  params: z.strictObject({
    /** Minutes the consumer failed, from the fault's start. */
    outageMinutes: z.number().int().positive().default(25),
    /** The consumer never recovers (the downstream is still down). */
    stillFailing: z.boolean().default(false),
    /** Messages dead-lettered per minute of outage. */
    deadLetteredPerMinute: z.number().positive().default(40),
    /** What the consumer writes to, as its errors name it. */
    downstream: z.string().default("ledger-api.internal:8443"),
  }),
  start(ctx) {
    const queue = must(ctx.world.queues.get(ctx.target), "dlq-backlog", "SQS queue", ctx.target);
    if (!queue.deadLetterQueue) throw new Error(`dlq-backlog: queue '${ctx.target}' has no deadLetterQueue`);
    return { consumer: queue.consumer };
  },
  tick(ctx, state) {
    const queue = ctx.world.queues.get(ctx.target);
    if (!queue) return;
    const failing = ctx.params.stillFailing || ctx.elapsed < ctx.params.outageMinutes;
    const fx = ctx.world.effects.resources;
    if (failing) {
      // Messages that exhaust their receives land in the DLQ, and so do redriven ones that fail again.
      addEffect(fx, queue.name, "deadLettered", ctx.params.deadLetteredPerMinute);
      addEffect(fx, queue.name, "receives", ctx.params.deadLetteredPerMinute * queue.maxReceiveCount);
      if (state.consumer) addEffect(fx, state.consumer, "errorRate", 0.9);
    }
    if (!state.consumer) return;
    if (failing) {
      for (let i = 0; i < intBetween(ctx.rand, 2, 4); i++) {
        lambdaLog(
          ctx,
          state.consumer,
          "ERROR",
          `[ERROR] ${new Date(ctx.nowMs).toISOString()} ${requestId(ctx.rand)} Task timed out posting batch to https://${ctx.params.downstream}/v2/entries: ConnectTimeoutError: Connect timeout on endpoint URL; message returned to ${queue.name} (ApproximateReceiveCount=${intBetween(ctx.rand, 1, queue.maxReceiveCount)})`,
        );
      }
    } else if (ctx.elapsed % 2 === 0) {
      lambdaLog(
        ctx,
        state.consumer,
        "INFO",
        `[INFO] ${new Date(ctx.nowMs).toISOString()} ${requestId(ctx.rand)} Processed batch of 10 messages from ${queue.name} in ${intBetween(ctx.rand, 180, 420)} ms (ledger-api 201)`,
      );
    }
  },
  resolved(ctx) {
    const queue = ctx.world.queues.get(ctx.target);
    if (!queue || ctx.params.stillFailing) return false;
    return ctx.elapsed >= ctx.params.outageMinutes && queue.deadLettered === 0;
  },
});
