/**
 * cache-cascading-failure: the Redis node in front of a database fails over and comes back empty. The hit
 * rate collapses, every miss lands on the database (CPU and connections climb), callers slow down and
 * time out on Redis while it warms. Nothing in the catalogue fixes it: escalate.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

export const cacheCascadingFailure = defineFault({
  kind: "cache-cascading-failure",
  summary: "A cache node fails over cold; misses overload the database and callers slow down. Escalate.",
  targetType: "elasticache-cluster",
  params: z.strictObject({
    /** Percentage points the hit rate loses. */
    hitRateDrop: z.number().min(0).max(100).default(80),
    databaseCpu: z.number().min(0).max(100).default(62),
    databaseConnections: z.number().nonnegative().default(180),
    callerLatencyMs: z.number().nonnegative().default(900),
    errorRate: z.number().min(0).max(1).default(0.06),
  }),
  start(ctx) {
    const cache = must(
      ctx.world.caches.get(ctx.target),
      "cache-cascading-failure",
      "cache cluster",
      ctx.target,
    );
    return { host: `${cache.id}.x7k2pq.0001.use1.cache.amazonaws.com` };
  },
  tick(ctx, state) {
    const cache = ctx.world.caches.get(ctx.target);
    if (!cache) return;
    const fx = ctx.world.effects.resources;
    const share = ramp(ctx.elapsed, 2);
    addEffect(fx, cache.id, "hitRateDrop", ctx.params.hitRateDrop * share);
    addEffect(fx, cache.id, "cpu", 35 * share);
    addEffect(fx, cache.id, "connections", 900 * share);
    addEffect(fx, cache.id, "evictions", 0);
    if (cache.database) {
      addEffect(fx, cache.database, "cpu", ctx.params.databaseCpu * share);
      addEffect(fx, cache.database, "connections", ctx.params.databaseConnections * share);
      addEffect(fx, cache.database, "readLatencyMs", 25 * share);
    }
    const hit = Math.max(0, cache.baseline.hitRate - ctx.params.hitRateDrop * share) / 100;
    for (const caller of consumersOf(ctx.world, cache.service)) {
      const pkg = pkgOf(caller.name);
      const effects = serviceEffects(ctx.world, caller.name);
      effects.latencyMs += ctx.params.callerLatencyMs * share;
      effects.errorRate += ctx.params.errorRate * share;
      if (ctx.elapsed === 0) {
        ctx.log(
          caller.name,
          "WARN",
          `WARN [lettuce-eventExecutorLoop-1-3] io.lettuce.core.protocol.ConnectionWatchdog - Reconnecting, last destination was ${state.host}:6379 (redis failover: replica promoted to primary, cache is cold)`,
        );
      }
      ctx.log(
        caller.name,
        "WARN",
        `WARN [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.cache.ProductCache - cache miss storm: hit ratio ${hit.toFixed(2)} over the last 60s, ${intBetween(ctx.rand, 3000, 6000)} loads went to the database`,
      );
      const n = intBetween(ctx.rand, 2, 4);
      for (let i = 0; i < n; i++) {
        ctx.log(
          caller.name,
          "ERROR",
          `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.cache.ProductCache - redis GET failed: io.lettuce.core.RedisCommandTimeoutException: Command timed out after 1 second(s) (${state.host}:6379)`,
        );
      }
    }
  },
  resolved() {
    return false;
  },
});
