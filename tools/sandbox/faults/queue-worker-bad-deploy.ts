/**
 * queue-worker-bad-deploy: a new task definition revision rolls out to an ECS service that consumes an SQS
 * queue (a Go worker, no load balancer in the path). The new code cannot decode one field of the order
 * messages, so most messages fail and return to the queue after their visibility timeout; the queue stops
 * draining and its oldest message ages. Each failing message is a different one (not a poison message).
 * Recovers once the service runs any revision other than the bad one.
 */
import { z } from "zod";
import { addEffect, scaleEffect } from "../data-resources.js";
import { hex, intBetween, uuidFrom } from "../random.js";
import { newTaskIds } from "../world.js";
import { consumedQueue } from "./consumed-queue.js";
import { rollOutRevision } from "./ecs-deploy.js";
import { must } from "./helpers.js";
import { defineFault } from "./types.js";

export const queueWorkerBadDeploy = defineFault({
  kind: "queue-worker-bad-deploy",
  summary:
    "A new ECS revision of a queue worker fails to decode messages; the queue stops draining. Roll back.",
  targetType: "ecs-service",
  params: z.strictObject({
    /** The queue the service consumes (default: the queue declaring it as consumer). */
    queue: z.string().min(1).optional(),
    /** Share of messages the new code fails. */
    failShare: z.number().min(0).max(1).default(0.85),
    rolloutMinutes: z.number().int().positive().default(3),
    field: z.string().default("total_cents"),
    author: z.string().default("ci-pipeline"),
  }),
  start(ctx) {
    const ecs = must(ctx.world.ecs.get(ctx.target), "queue-worker-bad-deploy", "ECS service", ctx.target);
    const queue = consumedQueue(ctx.world, "queue-worker-bad-deploy", ctx.target, ctx.params.queue);
    ecs.taskIds = newTaskIds(ctx.world, ecs.desiredCount);
    const commit = hex(ctx.rand, 7);
    const { bad } = rollOutRevision(ctx.world, ecs, {
      nowMs: ctx.nowMs,
      author: ctx.params.author,
      imageTag: commit,
    });
    return { bad, commit, queue: queue.name };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    const queue = ctx.world.queues.get(state.queue);
    if (!ecs || !queue || ecs.taskDefinition !== state.bad) return;
    const share = Math.min(1, (ctx.elapsed + 1) / ctx.params.rolloutMinutes);
    const failing = ctx.params.failShare * share;
    const fx = ctx.world.effects.resources;
    scaleEffect(fx, queue.name, "processFactor", 1 - failing);
    addEffect(fx, queue.name, "receives", queue.sentPerMinute * failing);
    const ts = (ctx.nowMs + intBetween(ctx.rand, 0, 59_000)) / 1000;
    if (ctx.elapsed < ctx.params.rolloutMinutes) {
      ctx.log(
        ecs.service,
        "INFO",
        JSON.stringify({
          level: "info",
          ts,
          caller: "cmd/worker/main.go:57",
          msg: "worker started",
          version: state.commit,
          queue: queue.name,
          concurrency: 16,
        }),
      );
    }
    const n = Math.max(1, Math.round(intBetween(ctx.rand, 3, 5) * share));
    for (let i = 0; i < n; i++) {
      ctx.log(
        ecs.service,
        "ERROR",
        JSON.stringify({
          level: "error",
          ts: ts + i * 0.7,
          caller: "internal/orders/handler.go:118",
          msg: "process message failed; returning it to the queue",
          queue: queue.name,
          messageId: uuidFrom(ctx.rand),
          error: `decode order: json: cannot unmarshal string into Go struct field Order.${ctx.params.field} of type int64`,
        }),
      );
    }
  },
  resolved(ctx, state) {
    return ctx.world.ecs.get(ctx.target)?.taskDefinition !== state.bad;
  },
});
