/**
 * ecs-stale-connections: the service's Redis primary failed over (an ElastiCache event, not our change).
 * Tasks that were running keep their pooled connections to the old primary, now a read-only replica, so
 * every write they send fails with READONLY; tasks started after the failover resolve the endpoint afresh
 * and are healthy. The cause is in the tasks themselves: only replacing every task that predates the
 * failover ends it. The failover itself is an ElastiCache event, not a change of ours. Adding tasks dilutes the errors but leaves the stale ones serving.
 */
import { z } from "zod";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

export const ecsStaleConnections = defineFault({
  kind: "ecs-stale-connections",
  summary:
    "After a Redis failover, ECS tasks keep writing to the old primary (READONLY); replacing the tasks fixes it.",
  targetType: "ecs-service",
  params: z.strictObject({
    /** The replication group that failed over. */
    cache: z.string().default("sessions-redis"),
    /** Share of requests that write to the cache (and fail on a stale task). */
    writeShare: z.number().min(0).max(1).default(0.3),
  }),
  start(ctx) {
    const ecs = must(ctx.world.ecs.get(ctx.target), "ecs-stale-connections", "ECS service", ctx.target);
    ctx.log(
      ecs.service,
      "WARN",
      `WARN [lettuce-eventExecutorLoop-1-3] io.lettuce.core.protocol.ConnectionWatchdog - Reconnecting, last destination was ${ctx.params.cache}.x7kq2n.ng.0001.use1.cache.amazonaws.com/10.0.21.117:6379`,
    );
    ctx.log(
      ecs.service,
      "INFO",
      `INFO [lettuce-nioEventLoop-4-2] io.lettuce.core.protocol.ReconnectionHandler - Reconnected to 10.0.21.117:6379`,
    );
    return { stale: new Set(ecs.taskIds) };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs) return;
    const staleRunning = ecs.taskIds.filter((id) => state.stale.has(id));
    if (staleRunning.length === 0) return;
    const share = staleRunning.length / Math.max(1, ecs.taskIds.length);
    const effects = serviceEffects(ctx.world, ecs.service);
    effects.errorRate += ctx.params.writeShare * share;
    const pkg = pkgOf(ecs.service);
    const n = intBetween(ctx.rand, 3, 6);
    for (let i = 0; i < n; i++) {
      const task = staleRunning[intBetween(ctx.rand, 0, staleRunning.length - 1)] ?? "";
      ctx.log(
        ecs.service,
        "ERROR",
        i % 3 === 2
          ? `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 64)}] ${pkg}.web.ErrorHandler - task ${task.slice(0, 8)}: request failed with 500: org.springframework.data.redis.RedisSystemException: Error in execution; nested exception is io.lettuce.core.RedisReadOnlyException: READONLY You can't write against a read only replica.`
          : `WARN [lettuce-nioEventLoop-4-${intBetween(ctx.rand, 1, 8)}] io.lettuce.core.protocol.CommandHandler - task ${task.slice(0, 8)}: ${ctx.params.cache}.x7kq2n.ng.0001.use1.cache.amazonaws.com/10.0.${intBetween(ctx.rand, 10, 40)}.${intBetween(ctx.rand, 2, 250)}:6379 SET session:* -> READONLY You can't write against a read only replica.`,
      );
    }
    if (ctx.elapsed % 5 === 0) {
      ctx.log(
        ecs.service,
        "INFO",
        `INFO [scheduling-1] ${pkg}.health.CacheProbe - connection pool to ${ctx.params.cache}: 16 connections open since ${new Date(ctx.world.startMs).toISOString()}, role of peer: replica`,
      );
    }
  },
  resolved(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    return ecs?.taskIds.every((id) => !state.stale.has(id)) === true;
  },
});
