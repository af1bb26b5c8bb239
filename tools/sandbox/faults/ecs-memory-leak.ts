/**
 * ecs-memory-leak: a Node.js service on ECS leaks a little heap on every request (an unbounded in-process
 * cache), so every task's memory climbs together from the moment it started; the service's MemoryUtilization
 * rises, garbage collection slows requests, and near the task's limit V8 gives up with "JavaScript heap out of
 * memory". The revision has run for days: fresh tasks (a forced new deployment, or any new revision) start
 * from a clean heap and end the fault; adding tasks only dilutes the average while the old ones keep leaking.
 * Nothing about the running revision changed, so a rollback is a guess.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { must } from "./helpers.js";
import { defineFault } from "./types.js";

export const ecsMemoryLeak = defineFault({
  kind: "ecs-memory-leak",
  summary: "Every task of an ECS service leaks heap until V8 runs out; fresh tasks fix it.",
  targetType: "ecs-service",
  params: z.strictObject({
    /** Memory (percent of the task's limit) above the baseline when the fault starts. */
    startLeakPercent: z.number().min(0).max(90).default(25),
    ratePerMinute: z.number().positive().default(1.2),
    /** Task memory limit in MiB, as the heap messages report it. */
    taskMemoryMiB: z.number().int().positive().default(2048),
    route: z.string().default("/v2/recommendations"),
  }),
  start(ctx) {
    const ecs = must(ctx.world.ecs.get(ctx.target), "ecs-memory-leak", "ECS service", ctx.target);
    return { tasks: [...ecs.taskIds], revision: ecs.taskDefinition };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    const leaking = ecs ? ecs.taskIds.filter((t) => state.tasks.includes(t)).length : 0;
    if (!ecs || leaking === 0) return;
    const leak = Math.min(
      99 - ecs.baseline.memPercent,
      ctx.params.startLeakPercent + ctx.elapsed * ctx.params.ratePerMinute,
    );
    // The service's average: the old tasks leak, any fresh ones start clean.
    const average = (leak * leaking) / Math.max(1, ecs.taskIds.length);
    addEffect(ctx.world.effects.resources, ecs.id, "memPercent", average);
    const mem = ecs.baseline.memPercent + average;
    const effects = serviceEffects(ctx.world, ecs.service);
    if (mem > 80) effects.latencyMs += (mem - 80) * 25;
    if (mem > 92) effects.errorRate += (mem - 92) * 0.01;
    const heapMb = (ctx.params.taskMemoryMiB * 0.75 * mem) / 100;
    const old = ecs.taskIds.filter((t) => state.tasks.includes(t));
    const task = old[intBetween(ctx.rand, 0, Math.max(0, old.length - 1))] ?? "task";
    const line = (level: number, msg: string, extra: Record<string, unknown> = {}) =>
      JSON.stringify({
        level,
        time: ctx.nowMs + intBetween(ctx.rand, 0, 59_000),
        pid: 1,
        hostname: `ip-10-0-${intBetween(ctx.rand, 1, 254)}-${intBetween(ctx.rand, 1, 254)}.ec2.internal`,
        task,
        ...extra,
        msg,
      });
    if (mem > 75) {
      ctx.log(
        ecs.service,
        "WARN",
        line(40, "slow garbage collection", {
          gc: "mark-compact",
          pauseMs: intBetween(ctx.rand, 300, 600) + Math.round((mem - 75) * 40),
          heapUsedMb: Math.round(heapMb),
        }),
      );
    }
    if (mem > 85) {
      ctx.log(
        ecs.service,
        "WARN",
        line(40, `request completed slowly`, {
          req: { method: "GET", url: ctx.params.route },
          responseTime: intBetween(ctx.rand, 1200, 3000),
        }),
      );
    }
    if (mem > 92) {
      ctx.log(
        ecs.service,
        "ERROR",
        line(60, "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory", {
          heapUsedMb: Math.round(heapMb),
        }),
      );
    }
  },
  resolved(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    return ecs !== undefined && !ecs.taskIds.some((t) => state.tasks.includes(t));
  },
});
