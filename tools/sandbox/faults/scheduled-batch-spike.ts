/**
 * scheduled-batch-spike: a scheduled batch job runs on the same Auto Scaling group as user traffic and adds
 * a fixed amount of CPU work spread over the group's instances. User latency suffers until the job ends
 * or the group gets more instances (the work spreads thinner); it ends by itself after `batchMinutes`.
 */
import { z } from "zod";
import { intBetween } from "../random.js";
import type { AsgState, World } from "../world.js";
import { inService } from "../world.js";
import { must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

/** CPU per in-service instance: normal load plus the batch's work, spread over the group. */
function cpuPerInstance(world: World, asg: AsgState, batchLoad: number): number {
  const running = inService(world, asg).length;
  return running === 0 ? 100 : (asg.baselineLoad + batchLoad) / running;
}

export const scheduledBatchSpike = defineFault({
  kind: "scheduled-batch-spike",
  summary: "A scheduled batch shares the web group and saturates its CPU; two more instances fix it.",
  targetType: "autoscaling-group",
  params: z.strictObject({
    job: z.string().default("nightly-reconciliation"),
    /** Total CPU work of the batch, in instance-percent (100 = one whole instance). */
    batchLoad: z.number().positive().default(180),
    batchMinutes: z.number().int().positive().default(45),
    records: z.number().int().positive().default(842_113),
  }),
  start(ctx) {
    const asg = must(
      ctx.world.asgs.get(ctx.target),
      "scheduled-batch-spike",
      "Auto Scaling group",
      ctx.target,
    );
    return { pkg: pkgOf(asg.service) };
  },
  tick(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg || ctx.elapsed >= ctx.params.batchMinutes) return;
    const running = inService(ctx.world, asg);
    const share = Math.min(1, (ctx.elapsed + 1) / 2);
    const cpu = ctx.world.effects.instanceCpu;
    for (const instance of running) {
      cpu.set(instance.id, (cpu.get(instance.id) ?? 0) + (ctx.params.batchLoad * share) / running.length);
    }
    const svc = asg.service;
    if (ctx.elapsed === 0) {
      ctx.log(
        svc,
        "INFO",
        `INFO [scheduler] ${state.pkg}.batch.BatchLauncher - scheduled job ${ctx.params.job} started by EventBridge Scheduler rule ${ctx.params.job}-daily (${ctx.params.records} records)`,
      );
    }
    const done = Math.min(
      ctx.params.records,
      Math.round(((ctx.elapsed + 1) / ctx.params.batchMinutes) * ctx.params.records),
    );
    ctx.log(
      svc,
      "INFO",
      `INFO [batch-worker-${intBetween(ctx.rand, 1, 8)}] ${state.pkg}.batch.Reconciliation - reconciliation run processed ${done}/${ctx.params.records} records`,
    );
    const perInstance = cpuPerInstance(ctx.world, asg, ctx.params.batchLoad * share);
    if (perInstance > 80) {
      ctx.log(
        svc,
        "WARN",
        `WARN [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${state.pkg}.web.AccessLog - Slow request: GET /api/v1/${svc}/home took ${intBetween(ctx.rand, 1500, 3500)}ms`,
      );
    }
  },
  resolved(ctx) {
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg || ctx.elapsed >= ctx.params.batchMinutes) return true;
    return cpuPerInstance(ctx.world, asg, ctx.params.batchLoad) < 70;
  },
});
