/**
 * db-connection-exhaustion: connections to an RDS instance pile up (a reporting job opens one per query
 * and never closes them) until max_connections is reached. The database is healthy but full; our services
 * time out waiting for connections and return 5XX. Fixing it takes a human (kill sessions, fix the job).
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf } from "./helpers.js";
import { defineFault } from "./types.js";

export const dbConnectionExhaustion = defineFault({
  kind: "db-connection-exhaustion",
  summary: "Connections to RDS reach max_connections; callers cannot get one. Escalate to the database team.",
  targetType: "rds-instance",
  params: z.strictObject({
    /** Extra connections opened per minute. */
    ratePerMinute: z.number().positive().default(70),
    /** Who holds the connections, as pg_stat_activity would show it. */
    holder: z.string().default("reporting-export"),
    /** Share of requests failing once the database is full. */
    errorRate: z.number().min(0).max(1).default(0.35),
  }),
  start(ctx) {
    must(ctx.world.databases.get(ctx.target), "db-connection-exhaustion", "RDS instance", ctx.target);
    return {};
  },
  tick(ctx) {
    const db = ctx.world.databases.get(ctx.target);
    if (!db) return;
    const extra = ctx.params.ratePerMinute * (ctx.elapsed + 1);
    addEffect(ctx.world.effects.resources, db.id, "connections", extra);
    addEffect(ctx.world.effects.resources, db.id, "cpu", 6);
    const fullness = (db.baseline.connections + extra) / db.maxConnections;
    const saturated = Math.max(0, Math.min(1, (fullness - 0.9) / 0.1));
    for (const caller of consumersOf(ctx.world, db.service)) {
      const _pkg = pkgOf(caller.name);
      const effects = serviceEffects(ctx.world, caller.name);
      effects.errorRate += ctx.params.errorRate * saturated;
      effects.latencyMs += 2500 * saturated;
      if (saturated <= 0) continue;
      const n = intBetween(ctx.rand, 3, 5);
      for (let i = 0; i < n; i++) {
        ctx.log(
          caller.name,
          "ERROR",
          i % 2 === 0
            ? `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting=${intBetween(ctx.rand, 30, 90)})`
            : `ERROR [HikariPool-1 connection adder] com.zaxxer.hikari.pool.HikariPool - HikariPool-1 - Cannot acquire connection from data source: org.postgresql.util.PSQLException: FATAL: remaining connection slots are reserved for non-replication superuser connections (${db.endpoint}:5432)`,
        );
      }
    }
    if (ctx.elapsed % 5 === 0) {
      const owner = consumersOf(ctx.world, db.service)[0];
      if (owner) {
        ctx.log(
          owner.name,
          "INFO",
          `INFO [db-monitor] ${pkgOf(owner.name)}.ops.DbStats - ${db.id}: ${Math.min(db.maxConnections, Math.round(db.baseline.connections + extra))} of ${db.maxConnections} connections in use; top holder application_name=${ctx.params.holder} (${Math.round(extra)} idle in transaction)`,
        );
      }
    }
  },
  resolved() {
    return false;
  },
});
