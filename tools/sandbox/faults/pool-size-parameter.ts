/**
 * pool-size-parameter: someone lowers the database connection pool size a Python (gunicorn + SQLAlchemy)
 * service on an Auto Scaling group reads from Parameter Store at startup and on every config refresh. With
 * a pool far smaller than its concurrency, requests wait for a connection: latency climbs first, then
 * checkouts time out (QueuePool limit ... reached) and some requests fail. Nothing was deployed; only
 * reverting the parameter to its previous version fixes it (the instances pick it up on refresh).
 */
import { z } from "zod";
import { currentParameter } from "../parameters.js";
import { intBetween } from "../random.js";
import type { World } from "../world.js";
import { isoAt, recordChange, serviceEffects } from "../world.js";
import { must, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

function reverted(world: World, name: string, good: number): boolean {
  const p = world.parameters.get(name);
  return p !== undefined && Number(currentParameter(p).value) >= good;
}

export const poolSizeParameter = defineFault({
  kind: "pool-size-parameter",
  summary: "A Parameter Store edit shrinks a service's DB pool; latency then timeouts. Revert the parameter.",
  targetType: "autoscaling-group",
  params: z.strictObject({
    /** Parameter Store path (default: /prod/<service>/db-pool-size). */
    parameter: z
      .string()
      .regex(/^\/[\w./-]+$/, "a Parameter Store path such as /prod/svc/db-pool-size")
      .optional(),
    goodValue: z.number().int().positive().default(40),
    badValue: z.number().int().positive().default(4),
    /** Latency (ms) added once the small pool is in force on every instance. */
    latencyMs: z.number().nonnegative().default(900),
    errorRate: z.number().min(0).max(1).default(0.06),
    author: z.string().default("ops-console (dba.m)"),
  }),
  start(ctx) {
    const asg = must(ctx.world.asgs.get(ctx.target), "pool-size-parameter", "Auto Scaling group", ctx.target);
    const { goodValue, badValue, author } = ctx.params;
    const parameter = ctx.params.parameter ?? `/prod/${asg.service}/db-pool-size`;
    ctx.world.parameters.set(parameter, {
      name: parameter,
      service: asg.service,
      ...(asg.targetGroup ? { targetGroup: asg.targetGroup } : {}),
      history: [
        { version: 14, value: String(goodValue) },
        { version: 15, value: String(goodValue) },
        { version: 16, value: String(badValue) },
      ],
    });
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: asg.service,
      resourceId: parameter,
      kind: "config",
      summary: `SSM parameter ${parameter} changed (version 15 -> 16): value ${badValue} (was ${goodValue})`,
      from: String(goodValue),
      to: String(badValue),
      author,
    });
    return { parameter };
  },
  tick(ctx, state) {
    const asg = ctx.world.asgs.get(ctx.target);
    const { goodValue, badValue } = ctx.params;
    const parameter = state.parameter;
    if (!asg || reverted(ctx.world, parameter, goodValue)) return;
    // Instances refresh their configuration every few minutes: the small pool spreads over the fleet.
    const share = ramp(ctx.elapsed, 4);
    const effects = serviceEffects(ctx.world, asg.service);
    effects.latencyMs += ctx.params.latencyMs * share;
    effects.errorRate += ctx.params.errorRate * share;
    const svc = asg.service;
    const module = svc.replace(/-/g, "_");
    if (ctx.elapsed % 5 === 0) {
      ctx.log(
        svc,
        "INFO",
        `INFO [${module}.settings] configuration refreshed from Parameter Store: ${parameter}=${badValue}`,
      );
    }
    const n = Math.max(1, Math.round(intBetween(ctx.rand, 2, 4) * share));
    for (let i = 0; i < n; i++) {
      ctx.log(
        svc,
        "ERROR",
        i % 2 === 0
          ? `ERROR [${module}.api] request failed: POST /v1/entries\nTraceback (most recent call last):\n  File "/app/${module}/db.py", line 58, in session_scope\n    conn = engine.connect()\n  File "/usr/local/lib/python3.11/site-packages/sqlalchemy/pool/impl.py", line 168, in _do_get\n    raise exc.TimeoutError(\nsqlalchemy.exc.TimeoutError: QueuePool limit of size ${badValue} overflow 0 reached, connection timed out, timeout 30.00`
          : `WARN [${module}.api] slow request: GET /v1/accounts/${intBetween(ctx.rand, 10000, 99999)}/balance took ${intBetween(ctx.rand, 1500, 4500)} ms (waiting for a database connection)`,
      );
    }
  },
  resolved(ctx, state) {
    return reverted(ctx.world, state.parameter, ctx.params.goodValue);
  },
});
