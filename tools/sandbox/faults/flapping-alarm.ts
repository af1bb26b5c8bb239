/**
 * flapping-alarm: an Auto Scaling group's CPU oscillates around an alarm threshold (a periodic cache
 * refresh), so a too-sensitive alarm flips between ALARM and OK every few minutes. Nothing is broken: the
 * right response is no action (and a ticket to tune the alarm). Counts as resolved from the start.
 */
import { z } from "zod";
import { must } from "./helpers.js";
import { defineFault } from "./types.js";

export const flappingAlarm = defineFault({
  kind: "flapping-alarm",
  summary:
    "CPU oscillates around a sensitive alarm's threshold; the alarm flaps. Not an incident: no action.",
  targetType: "autoscaling-group",
  params: z.strictObject({
    /** Minutes of each high and each low phase. */
    halfPeriodMinutes: z.number().int().positive().default(3),
    /** Traffic (CPU) multiplier during a high phase. */
    highFactor: z.number().min(1).default(1.35),
  }),
  start(ctx) {
    const asg = must(ctx.world.asgs.get(ctx.target), "flapping-alarm", "Auto Scaling group", ctx.target);
    return { service: asg.service };
  },
  tick(ctx, state) {
    const p = ctx.params.halfPeriodMinutes;
    const high = Math.floor(ctx.elapsed / p) % 2 === 0;
    if (!high) return;
    const cpu = ctx.world.effects.instanceCpu;
    const asg = ctx.world.asgs.get(ctx.target);
    if (!asg) return;
    for (const id of asg.instanceIds) {
      cpu.set(id, (cpu.get(id) ?? 0) + asg.baseline.cpuPercent * (ctx.params.highFactor - 1));
    }
    if (ctx.elapsed % (2 * p) === 0) {
      ctx.log(
        state.service,
        "INFO",
        `INFO [scheduler-1] c.e.${state.service.replace(/-/g, "")}.cache.CatalogCacheRefresher - periodic full refresh started (every ${2 * p} min)`,
      );
    }
  },
  resolved() {
    return true;
  },
});
