/**
 * bad-ecs-deploy: at its start a new task definition revision rolls out to an ECS service; the new code
 * reads a configuration key that does not exist, so requests fail with a NullPointerException and the
 * target group's 5XX count rises. Recovers once the service runs any revision other than the bad one.
 */
import { z } from "zod";
import { javaName, thread } from "../logs.js";
import { hex, intBetween } from "../random.js";
import { newTaskIds, serviceEffects } from "../world.js";
import { rollOutRevision } from "./ecs-deploy.js";
import { defineFault } from "./types.js";

export const badEcsDeploy = defineFault({
  kind: "bad-ecs-deploy",
  summary:
    "A new ECS task definition revision fails requests (5XX, NullPointerException); fixed by rolling back.",
  targetType: "ecs-service",
  params: z.strictObject({
    /** Revision deployed at fault start; defaults to the next revision of the family. */
    badRevision: z
      .string()
      .regex(/^[\w-]+:\d+$/)
      .optional(),
    /** Share of requests that fail once the rollout completes. */
    errorRate: z.number().min(0).max(1).default(0.2),
    /** Extra latency (ms) while the bad revision serves. */
    latencyMs: z.number().nonnegative().default(150),
    /** Minutes the rolling deployment takes to replace every task. */
    rolloutMinutes: z.number().int().positive().default(3),
    missingConfigKey: z.string().default("pricing.tax-service.url"),
    author: z.string().default("ci-pipeline"),
  }),
  start(ctx) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs) throw new Error(`bad-ecs-deploy: no ECS service '${ctx.target}'`);
    ecs.taskIds = newTaskIds(ctx.world, ecs.desiredCount);
    const commit = hex(ctx.rand, 7);
    const { bad } = rollOutRevision(ctx.world, ecs, {
      nowMs: ctx.nowMs,
      author: ctx.params.author,
      imageTag: commit,
      ...(ctx.params.badRevision ? { revision: ctx.params.badRevision } : {}),
    });
    const name = ecs.service.replace(/-/g, "");
    return { bad, pkg: `c.e.${name}`, frames: `com.example.${name}` };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs || ecs.taskDefinition !== state.bad) return;
    const share = Math.min(1, (ctx.elapsed + 1) / ctx.params.rolloutMinutes);
    const effects = serviceEffects(ctx.world, ecs.service);
    effects.errorRate += ctx.params.errorRate * share;
    effects.latencyMs += ctx.params.latencyMs * share;
    const key = ctx.params.missingConfigKey;
    const field = key
      .split(/[.-]/)
      .map((p, i) => (i === 0 ? p : p.charAt(0).toUpperCase() + p.slice(1)))
      .join("");
    if (ctx.elapsed < ctx.params.rolloutMinutes) {
      ctx.log(
        ecs.service,
        "INFO",
        `INFO [main] ${state.pkg}.Application - Started Application in ${(6 + ctx.rand() * 4).toFixed(1)} seconds (task definition ${state.bad})`,
      );
      ctx.log(
        ecs.service,
        "WARN",
        `WARN [main] ${state.pkg}.config.SettingsLoader - Missing required configuration key '${key}'; property left null`,
      );
    }
    const errors = intBetween(ctx.rand, 3, 6);
    for (let i = 0; i < errors; i++) {
      const id = intBetween(ctx.rand, 10000, 99999);
      ctx.log(
        ecs.service,
        "ERROR",
        i % 2 === 0
          ? `ERROR [${thread(ctx.rand)}] ${state.pkg}.web.${javaName(ecs.service)}Controller - Request processing failed: java.lang.NullPointerException: Cannot invoke "String.trim()" because "this.${field}" is null\n\tat ${state.frames}.pricing.TaxClient.endpoint(TaxClient.java:42)\n\tat ${state.frames}.pricing.PriceCalculator.total(PriceCalculator.java:88)`
          : `ERROR [${thread(ctx.rand)}] ${state.pkg}.web.AccessLog - POST /api/v1/orders/${id}/confirm 500 ${intBetween(ctx.rand, 40, 300)}ms`,
      );
    }
  },
  resolved(ctx, state) {
    return ctx.world.ecs.get(ctx.target)?.taskDefinition !== state.bad;
  },
});
