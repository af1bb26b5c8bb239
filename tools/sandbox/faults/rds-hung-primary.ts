/**
 * rds-hung-primary: the database engine on an RDS primary stops answering (a storage-layer stall, an
 * engine bug): RDS still reports the instance `available`, but it accepts no connection and does no work.
 * CPU and connections fall to almost nothing while every caller times out connecting. Only a reboot (on a
 * Multi-AZ instance the standby takes over) clears it; the fault notes the reboot count at its start.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

export const rdsHungPrimary = defineFault({
  kind: "rds-hung-primary",
  summary: "An RDS primary stops accepting connections with no load on it; a reboot (failover) clears it.",
  targetType: "rds-instance",
  params: z.strictObject({
    /** Share of requests that need the database (and fail while it hangs). */
    errorRate: z.number().min(0).max(1).default(0.6),
  }),
  start(ctx) {
    const db = must(ctx.world.databases.get(ctx.target), "rds-hung-primary", "RDS instance", ctx.target);
    return { rebootsAtStart: db.reboots };
  },
  tick(ctx, state) {
    const db = ctx.world.databases.get(ctx.target);
    if (!db || db.reboots > state.rebootsAtStart) return;
    const fx = ctx.world.effects.resources;
    // Sessions die as their sockets time out; nothing new gets in, nothing runs.
    addEffect(fx, db.id, "connections", -db.baseline.connections * Math.min(1, 0.6 + ctx.elapsed * 0.4));
    addEffect(fx, db.id, "cpu", -db.baseline.cpuPercent * 0.95);
    for (const caller of consumersOf(ctx.world, db.service)) {
      const effects = serviceEffects(ctx.world, caller.name);
      effects.errorRate += ctx.params.errorRate;
      effects.latencyMs += 10_000;
      const pkg = pkgOf(caller.name);
      for (let i = 0; i < intBetween(ctx.rand, 3, 5); i++) {
        ctx.log(
          caller.name,
          "ERROR",
          i % 2 === 0
            ? `ERROR [HikariPool-1 connection adder] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Exception during pool initialization of new connection: org.postgresql.util.PSQLException: The connection attempt failed. Caused by: java.net.SocketTimeoutException: Connect timed out (${db.endpoint}:5432)`
            : `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.repo.OrderRepository - query failed after 10000ms: org.springframework.dao.QueryTimeoutException: PreparedStatementCallback; SQL [select ...]; ERROR: canceling statement due to statement timeout; nested exception is org.postgresql.util.PSQLException: An I/O error occurred while sending to the backend.`,
        );
      }
    }
  },
  resolved(ctx, state) {
    const db = ctx.world.databases.get(ctx.target);
    return db !== undefined && db.reboots > state.rebootsAtStart;
  },
});
