/**
 * security-group-rule-removed: an ingress rule that let our application reach its database is revoked
 * (a clean-up change). New connections time out, the pool drains and requests fail. The revocation is
 * recorded with the rule in `from`; only that rule back on that group (same protocol, port and source)
 * lets connections through again (sg-restore-ingress-rule, with sign-off).
 */
import { z } from "zod";
import { scaleEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { ruleKey } from "../security.js";
import type { World } from "../world.js";
import { isoAt, recordChange, serviceEffects } from "../world.js";
import { consumersOf, must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

interface Params {
  databaseGroup: string;
  appGroup: string;
  port: number;
}

/** Whether the database group lets the app group in on the port again. */
function reachable(world: World, p: Params): boolean {
  const g = world.securityGroups.get(p.databaseGroup);
  return (
    g?.rules.some(
      (r) => r.protocol === "tcp" && r.fromPort <= p.port && p.port <= r.toPort && r.source === p.appGroup,
    ) ?? false
  );
}

export const securityGroupRuleRemoved = defineFault({
  kind: "security-group-rule-removed",
  summary:
    "The DB security group's ingress rule for the app is revoked; connects time out. Restore that rule (sign-off).",
  targetType: "rds-instance",
  params: z.strictObject({
    databaseGroup: z.string().default("sg-0db5e1c7a9f204b31"),
    appGroup: z.string().default("sg-0a77c3e1d2b9f6e08"),
    port: z.number().int().positive().default(5432),
    author: z.string().default("terraform (pipeline run 5590, network-cleanup)"),
    errorRate: z.number().min(0).max(1).default(0.55),
  }),
  start(ctx) {
    const db = must(
      ctx.world.databases.get(ctx.target),
      "security-group-rule-removed",
      "RDS instance",
      ctx.target,
    );
    const { databaseGroup, appGroup, port } = ctx.params;
    const rule = { protocol: "tcp" as const, fromPort: port, toPort: port, source: appGroup };
    // A scenario that does not declare the group gets the one the database would have.
    let group = ctx.world.securityGroups.get(databaseGroup);
    if (!group) {
      group = {
        id: databaseGroup,
        service: db.service,
        name: `${db.id}-sg`,
        attachedTo: [db.id],
        rules: [rule],
      };
      ctx.world.securityGroups.set(databaseGroup, group);
    }
    const revoked = group.rules.filter((r) => ruleKey(r) === ruleKey(rule));
    group.rules = group.rules.filter((r) => ruleKey(r) !== ruleKey(rule));
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: db.service,
      resourceId: databaseGroup,
      kind: "infrastructure",
      summary: `RevokeSecurityGroupIngress on ${databaseGroup} (${db.id}): removed tcp/${port} from ${appGroup}`,
      author: ctx.params.author,
      from: (revoked[0] ? revoked.map(ruleKey) : [ruleKey(rule)]).join(","),
    });
    return {};
  },
  tick(ctx) {
    const db = ctx.world.databases.get(ctx.target);
    if (!db || reachable(ctx.world, ctx.params)) return;
    // Pooled connections survive a while; new ones cannot be opened.
    const share = ramp(ctx.elapsed, 3);
    scaleEffect(ctx.world.effects.resources, db.id, "connectionsFactor", 1 - 0.97 * share);
    for (const caller of consumersOf(ctx.world, db.service)) {
      const effects = serviceEffects(ctx.world, caller.name);
      effects.errorRate += ctx.params.errorRate * share;
      effects.latencyMs += 3000 * share;
      const n = intBetween(ctx.rand, 3, 5);
      for (let i = 0; i < n; i++) {
        ctx.log(
          caller.name,
          "ERROR",
          i % 2 === 0
            ? `ERROR [HikariPool-1 connection adder] com.zaxxer.hikari.pool.PoolBase - HikariPool-1 - Failed to create connection: org.postgresql.util.PSQLException: The connection attempt failed. Caused by: java.net.SocketTimeoutException: connect timed out (${db.endpoint}:${ctx.params.port})`
            : `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${pkgOf(caller.name)}.web.AccessLog - GET /api/v1/orders/${intBetween(ctx.rand, 10000, 99999)} 500 ${intBetween(ctx.rand, 10000, 10400)}ms`,
        );
      }
    }
  },
  resolved(ctx) {
    return reachable(ctx.world, ctx.params);
  },
});
