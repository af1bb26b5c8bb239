/**
 * slow-query: a query without a usable index starts scanning a large table. The RDS instance's CPU and
 * read latency climb, callers slow down and some statements hit their timeout. Fixing it (an index, a
 * killed query, a rewrite) is work for the database team.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

export const slowQuery = defineFault({
  kind: "slow-query",
  summary: "A full-table-scan query saturates RDS CPU and read latency; callers slow down. Escalate.",
  targetType: "rds-instance",
  params: z.strictObject({
    cpu: z.number().min(0).max(100).default(68),
    readLatencyMs: z.number().nonnegative().default(45),
    callerLatencyMs: z.number().nonnegative().default(1800),
    errorRate: z.number().min(0).max(1).default(0.04),
    statement: z
      .string()
      .default("SELECT * FROM orders WHERE lower(customer_email) = $1 ORDER BY created_at DESC LIMIT 50"),
    table: z.string().default("orders"),
  }),
  start(ctx) {
    must(ctx.world.databases.get(ctx.target), "slow-query", "RDS instance", ctx.target);
    return {};
  },
  tick(ctx) {
    const db = ctx.world.databases.get(ctx.target);
    if (!db) return;
    const share = ramp(ctx.elapsed, 4);
    const fx = ctx.world.effects.resources;
    addEffect(fx, db.id, "cpu", ctx.params.cpu * share);
    addEffect(fx, db.id, "readLatencyMs", ctx.params.readLatencyMs * share);
    addEffect(fx, db.id, "diskQueueDepth", 12 * share);
    for (const caller of consumersOf(ctx.world, db.service)) {
      const effects = serviceEffects(ctx.world, caller.name);
      effects.latencyMs += ctx.params.callerLatencyMs * share;
      effects.errorRate += ctx.params.errorRate * share;
      const pkg = pkgOf(caller.name);
      ctx.log(
        caller.name,
        "WARN",
        `WARN [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.repo.OrderSearchDao - slow query took ${intBetween(ctx.rand, 4000, 12000)} ms (seq scan on ${ctx.params.table}, ${intBetween(ctx.rand, 38, 45)}00000 rows examined): ${ctx.params.statement}`,
      );
      if (share >= 1) {
        ctx.log(
          caller.name,
          "ERROR",
          `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkg}.web.OrderSearchController - Search failed: org.postgresql.util.PSQLException: ERROR: canceling statement due to statement timeout`,
        );
      }
    }
  },
  resolved() {
    return false;
  },
});
