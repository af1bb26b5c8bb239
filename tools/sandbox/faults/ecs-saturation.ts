/**
 * ecs-saturation: genuine demand on an ECS service multiplies (a campaign, many clients) while the service
 * has no scaling policy acting on it. Its tasks share the load, so CPU per task climbs with the request
 * count, then latency and 5XX follow. Resolved once enough tasks run to keep CPU under 70%; replacing the
 * same number of tasks changes nothing.
 */
import { z } from "zod";
import { javaName, thread } from "../logs.js";
import { intBetween } from "../random.js";
import type { EcsState } from "../world.js";
import { serviceEffects } from "../world.js";
import { must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

/** CPU per task this traffic factor causes with the tasks now running. */
function cpuPerTask(ecs: EcsState, factor: number): number {
  return (ecs.baseline.cpuPercent * factor * ecs.baselineTasks) / Math.max(1, ecs.runningCount);
}

export const ecsSaturation = defineFault({
  kind: "ecs-saturation",
  summary: "Real demand multiplies and an ECS service's tasks saturate; fixed by running more tasks.",
  targetType: "ecs-service",
  params: z.strictObject({
    /** Traffic multiplier once the rise has ramped up. */
    factor: z.number().min(1).default(2.2),
    rampMinutes: z.number().int().positive().default(5),
    /** The path the extra requests hit, as the access log shows it. */
    path: z.string().default("/api/v1/search"),
  }),
  start(ctx) {
    must(ctx.world.ecs.get(ctx.target), "ecs-saturation", "ECS service", ctx.target);
    return { factor: 1 };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs) return;
    state.factor = 1 + (ctx.params.factor - 1) * ramp(ctx.elapsed, ctx.params.rampMinutes);
    serviceEffects(ctx.world, ecs.service).trafficFactor *= state.factor;
    const cpu = cpuPerTask(ecs, state.factor);
    const svc = ecs.service;
    const pkg = pkgOf(svc);
    for (let i = 0; i < intBetween(ctx.rand, 2, 4); i++) {
      ctx.log(
        svc,
        "INFO",
        `INFO [${thread(ctx.rand)}] ${pkg}.web.AccessLog - GET ${ctx.params.path}?q=${["boots", "jacket", "gloves", "scarf", "tent"][intBetween(ctx.rand, 0, 4)]} 200 ${intBetween(ctx.rand, 60, 700)}ms client=${intBetween(ctx.rand, 11, 223)}.${intBetween(ctx.rand, 0, 255)}.${intBetween(ctx.rand, 0, 255)}.${intBetween(ctx.rand, 1, 254)}`,
      );
    }
    if (cpu > 80) {
      ctx.log(
        svc,
        "WARN",
        `WARN [tomcat-monitor] ${pkg}.server.ThreadPoolMonitor - Tomcat thread pool busy=${Math.min(200, Math.round(120 + (cpu - 80) * 4))} max=200, request queue depth ${intBetween(ctx.rand, 120, 480)}`,
      );
    }
    if (cpu > 95) {
      ctx.log(
        svc,
        "ERROR",
        `ERROR [${thread(ctx.rand)}] ${pkg}.web.${javaName(svc)}Filter - Rejecting request: java.util.concurrent.RejectedExecutionException: Thread pool exhausted (200 active, queue full)`,
      );
    }
  },
  resolved(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    return ecs !== undefined && cpuPerTask(ecs, Math.max(state.factor, ctx.params.factor)) < 70;
  },
});
