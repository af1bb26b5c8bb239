/**
 * poison-message: one malformed message on a queue without a dead-letter queue fails its consumer on every
 * receive. The consumer's batch keeps failing, the message is retried forever and the queue's oldest
 * message ages without bound. With a dead-letter queue, lowering maxReceiveCount to at most the receives so
 * far moves it aside (never deleted); without one there is nowhere to move it: escalate.
 */
import { z } from "zod";
import { addEffect, scaleEffect } from "../data-resources.js";
import { hex, uuidFrom } from "../random.js";
import { lambdaLog, must, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

export const poisonMessage = defineFault({
  kind: "poison-message",
  summary:
    "A malformed message fails the queue's consumer on every receive; move it to the DLQ if there is one.",
  targetType: "sqs-queue",
  params: z.strictObject({
    /** Share of the consumer's throughput lost to the failing batch. */
    blockedShare: z.number().min(0).max(1).default(0.6),
    /** Age of the poison message when the fault starts, in seconds. */
    initialAgeSeconds: z.number().nonnegative().default(60),
    payloadPreview: z.string().default("<html><head><title>502 Bad Gateway</title></head>"),
  }),
  start(ctx) {
    const queue = must(ctx.world.queues.get(ctx.target), "poison-message", "SQS queue", ctx.target);
    return {
      messageId: uuidFrom(ctx.rand),
      receipt: hex(ctx.rand, 12),
      consumer: queue.consumer,
      movedAside: false,
    };
  },
  tick(ctx, state) {
    const queue = ctx.world.queues.get(ctx.target);
    if (!queue) return;
    const fx = ctx.world.effects.resources;
    const receives = ctx.elapsed + 2;
    if (!state.movedAside && queue.deadLetterQueue && receives >= queue.maxReceiveCount) {
      state.movedAside = true;
      addEffect(fx, queue.name, "deadLettered", 1);
    }
    if (state.movedAside) return;
    const age = ctx.params.initialAgeSeconds + ctx.elapsed * 60;
    addEffect(fx, queue.name, "oldestAgeSeconds", age);
    scaleEffect(fx, queue.name, "processFactor", 1 - ctx.params.blockedShare);
    addEffect(fx, queue.name, "receives", 10);
    if (!state.consumer) return;
    // About two failing receives a minute: the batch holding the message, retried after its visibility timeout.
    const consumer = ctx.world.lambdas.get(state.consumer);
    if (consumer) addEffect(fx, state.consumer, "errorRate", 2 / Math.max(1, consumer.invocationsPerMinute));
    for (let i = 0; i < 2; i++) {
      lambdaLog(
        ctx,
        state.consumer,
        "ERROR",
        `[ERROR] ${new Date(ctx.nowMs).toISOString()} ${requestId(ctx.rand)} Failed to process message ${state.messageId} from ${queue.name}: json.decoder.JSONDecodeError: Expecting value: line 1 column 1 (char 0); body starts with '${ctx.params.payloadPreview.slice(0, 40)}'`,
      );
    }
    lambdaLog(
      ctx,
      state.consumer,
      "WARN",
      `[WARN] Message ${state.messageId} has been received ${receives} times (ApproximateReceiveCount); ${queue.deadLetterQueue ? `maxReceiveCount is ${queue.maxReceiveCount}` : "the queue has no dead-letter queue (no redrive policy)"}; batch of 10 returned to the queue`,
    );
  },
  resolved(_ctx, state) {
    return state.movedAside;
  },
});
