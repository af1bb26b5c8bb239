/**
 * memory-leak: the application on one EC2 instance leaks heap; mem_used_percent climbs past 90, the JVM
 * spends its time in full GCs (CPU up, GC warnings) and finally throws OutOfMemoryError. A stop/start of
 * that instance frees the memory and ends the fault.
 */
import { z } from "zod";
import { javaName, thread } from "../logs.js";
import { intBetween } from "../random.js";
import { instanceUsage } from "../world.js";
import { defineFault } from "./types.js";

export const memoryLeak = defineFault({
  kind: "memory-leak",
  summary: "One instance's memory climbs to >90% with GC/OOM warnings; fixed by restarting that instance.",
  targetType: "ec2-instance",
  params: z.strictObject({
    /** mem_used_percent at fault start (the leak has been growing unnoticed); defaults to the baseline. */
    startPercent: z.number().min(0).max(99).optional(),
    ratePerMinute: z.number().positive().default(1.5),
    heapGb: z.number().positive().default(4),
  }),
  start(ctx) {
    const instance = ctx.world.instances.get(ctx.target);
    if (!instance) throw new Error(`memory-leak: no EC2 instance '${ctx.target}'`);
    if (ctx.params.startPercent !== undefined) {
      instance.leakedMemPercent = Math.max(0, ctx.params.startPercent - instance.baseline.memPercent);
    }
    return { restartsAtStart: instance.restarts, pkg: `c.e.${instance.service.replace(/-/g, "")}` };
  },
  tick(ctx, state) {
    const instance = ctx.world.instances.get(ctx.target);
    if (!instance || instance.restarts > state.restartsAtStart || instance.status !== "running") return;
    instance.leakedMemPercent = Math.min(
      99.5 - instance.baseline.memPercent,
      instance.leakedMemPercent + ctx.params.ratePerMinute,
    );
    const { mem } = instanceUsage(instance);
    if (mem > 85) {
      ctx.world.effects.instanceCpu.set(
        instance.id,
        (ctx.world.effects.instanceCpu.get(instance.id) ?? 0) + (mem - 85) * 2,
      );
    }
    const heap = ctx.params.heapGb;
    const used = ((heap * Math.min(mem + 4, 99.9)) / 100).toFixed(2);
    if (mem > 78) {
      const pause = intBetween(ctx.rand, 400, 900) + Math.round((mem - 78) * 120);
      ctx.log(
        instance.service,
        "WARN",
        `WARN [jvm-monitor] ${state.pkg}.jvm.GcMonitor - Full GC took ${pause}ms, heap ${Math.min(99, Math.round(mem + 4))}% used after collection (${used} GB of ${heap.toFixed(2)} GB)`,
        instance.id,
      );
    }
    if (mem > 88) {
      ctx.log(
        instance.service,
        "WARN",
        `WARN [jvm-monitor] ${state.pkg}.jvm.GcMonitor - GC overhead limit approaching: ${Math.round(60 + (mem - 88) * 3)}% of time spent in garbage collection over the last 60s`,
        instance.id,
      );
    }
    if (mem > 93) {
      ctx.log(
        instance.service,
        "ERROR",
        `ERROR [${thread(ctx.rand)}] ${state.pkg}.web.${javaName(instance.service)}Controller - Handler dispatch failed; nested exception is java.lang.OutOfMemoryError: Java heap space`,
        instance.id,
      );
    }
  },
  resolved(ctx, state) {
    return (ctx.world.instances.get(ctx.target)?.restarts ?? 0) > state.restartsAtStart;
  },
});
