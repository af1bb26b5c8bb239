/**
 * traffic-surge: requests to the service behind an Auto Scaling group multiply; the group's CPU climbs with
 * the request count, latency and then 5XX follow, and the app logs queueing warnings. Resolved while the group
 * has enough in-service capacity to keep CPU under 70%; with `atMax` the group is already at MaxSize.
 */
import { z } from "zod";
import { javaName, thread } from "../logs.js";
import { intBetween } from "../random.js";
import type { AsgState, World } from "../world.js";
import { inService, launchInstance, serviceEffects } from "../world.js";
import { defineFault } from "./types.js";

/** CPU per in-service instance the surge would cause at this traffic factor. */
function cpuPerInstance(world: World, asg: AsgState, factor: number): number {
  const running = inService(world, asg).length;
  return running === 0 ? 100 : (asg.baselineLoad * factor) / running;
}

export const trafficSurge = defineFault({
  kind: "traffic-surge",
  summary:
    "Traffic multiplies and the Auto Scaling group's CPU saturates; fixed by adding capacity (if below max).",
  targetType: "autoscaling-group",
  params: z.strictObject({
    /** Traffic multiplier once the surge has ramped up. */
    factor: z.number().min(1).default(2.5),
    rampMinutes: z.number().int().positive().default(5),
    /** The group is already at MaxSize when the surge hits (it grows to MaxSize at fault start). */
    atMax: z.boolean().default(false),
  }),
  start(ctx) {
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg) throw new Error(`traffic-surge: no Auto Scaling group '${ctx.target}'`);
    if (ctx.params.atMax) {
      while (asg.instanceIds.length < asg.maxSize) launchInstance(ctx.world, asg, ctx.nowMs, ctx.nowMs);
      asg.desiredCapacity = asg.maxSize;
    }
    return { factor: 1 };
  },
  tick(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg) return;
    const share = Math.min(1, (ctx.elapsed + 1) / ctx.params.rampMinutes);
    state.factor = 1 + (ctx.params.factor - 1) * share;
    serviceEffects(ctx.world, asg.service).trafficFactor *= state.factor;
    const cpu = cpuPerInstance(ctx.world, asg, state.factor);
    const svc = asg.service;
    const pkg = `c.e.${svc.replace(/-/g, "")}`;
    if (cpu > 80) {
      const busy = Math.min(200, Math.round(120 + (cpu - 80) * 4));
      ctx.log(
        svc,
        "WARN",
        `WARN [tomcat-monitor] ${pkg}.server.ThreadPoolMonitor - Tomcat thread pool busy=${busy} max=200, request queue depth ${intBetween(ctx.rand, 150, 500)}`,
      );
      ctx.log(
        svc,
        "WARN",
        `WARN [${thread(ctx.rand)}] ${pkg}.web.AccessLog - Slow request: GET /api/v1/${svc}/home took ${intBetween(ctx.rand, 1500, 4000)}ms`,
      );
    }
    if (cpu > 95) {
      ctx.log(
        svc,
        "ERROR",
        `ERROR [${thread(ctx.rand)}] ${pkg}.web.${javaName(svc)}Filter - Rejecting request: java.util.concurrent.RejectedExecutionException: Thread pool exhausted (200 active, queue full)`,
      );
    }
    const extra = intBetween(ctx.rand, 1, 3);
    for (let i = 0; i < extra; i++) {
      ctx.log(
        svc,
        "INFO",
        `INFO [${thread(ctx.rand)}] ${pkg}.web.AccessLog - GET /api/v1/${svc}/campaign/landing 200 ${intBetween(ctx.rand, 80, 900)}ms`,
      );
    }
  },
  resolved(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    return asg !== undefined && cpuPerInstance(ctx.world, asg, state.factor) < 70;
  },
});
