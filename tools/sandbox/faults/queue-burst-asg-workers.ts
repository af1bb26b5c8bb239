/**
 * queue-burst-asg-workers: producers publish several times the usual volume to a queue consumed by a worker
 * fleet on an Auto Scaling group (Python workers, no load balancer). Every worker runs CPU-bound, the fleet
 * drains no faster than its instances allow, and the queue's oldest message ages. The messages are fine:
 * more instances drain it (each instance processes its share of the declared throughput); the burst ends by
 * itself after `burstMinutes`.
 */
import { z } from "zod";
import { scaleEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { inService, serviceEffects } from "../world.js";
import { consumedQueue } from "./consumed-queue.js";
import { must, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

export const queueBurstAsgWorkers = defineFault({
  kind: "queue-burst-asg-workers",
  summary: "A publish burst outpaces an ASG worker fleet; the queue ages while every worker is CPU-bound.",
  targetType: "autoscaling-group",
  params: z.strictObject({
    /** The queue the fleet consumes, owned by the same service (default: the queue declaring it as consumer). */
    queue: z.string().min(1).optional(),
    factor: z.number().min(1).default(2.5),
    rampMinutes: z.number().int().positive().default(4),
    burstMinutes: z.number().int().positive().default(180),
    producer: z.string().default("bulk-export"),
  }),
  start(ctx) {
    const asg = must(
      ctx.world.asgs.get(ctx.target),
      "queue-burst-asg-workers",
      "Auto Scaling group",
      ctx.target,
    );
    const queue = consumedQueue(ctx.world, "queue-burst-asg-workers", ctx.target, ctx.params.queue);
    if (queue.service !== asg.service)
      throw new Error(
        `queue-burst-asg-workers: queue '${queue.name}' must belong to ${asg.service}, the fleet's service`,
      );
    return { base: Math.max(1, inService(ctx.world, asg).length), queue: queue.name };
  },
  tick(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    const queue = ctx.world.queues.get(state.queue);
    if (!asg || !queue || ctx.elapsed >= ctx.params.burstMinutes) return;
    const factor = 1 + (ctx.params.factor - 1) * ramp(ctx.elapsed, ctx.params.rampMinutes);
    // More messages to work on: more CPU across the fleet and more published to the queue (same service).
    serviceEffects(ctx.world, asg.service).trafficFactor *= factor;
    const running = inService(ctx.world, asg).length;
    scaleEffect(ctx.world.effects.resources, queue.name, "processFactor", running / state.base);
    const module = asg.service.replace(/-/g, "_");
    const lag = Math.round(queue.oldestAgeSeconds);
    ctx.log(
      asg.service,
      "INFO",
      `INFO [${module}.consumer] processed 10 messages from ${queue.name} in ${intBetween(ctx.rand, 2500, 4200)} ms (producer ${ctx.params.producer}, oldest message ${lag}s)`,
    );
    if (lag > 300) {
      ctx.log(
        asg.service,
        "WARN",
        `WARNING [${module}.consumer] falling behind on ${queue.name}: oldest message ${lag}s, all 16 worker processes busy`,
      );
    }
  },
  resolved(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg || ctx.elapsed >= ctx.params.burstMinutes) return true;
    const queue = ctx.world.queues.get(state.queue);
    if (!queue) return false;
    const capacity = (queue.processPerMinute * inService(ctx.world, asg).length) / state.base;
    return capacity >= queue.sentPerMinute * ctx.params.factor && queue.oldestAgeSeconds < 300;
  },
});
