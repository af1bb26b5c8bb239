/**
 * cache-security-group-rule-removed: the ingress rule that let an application's tasks reach its Redis
 * cluster (ElastiCache, port 6379) is revoked by a clean-up change. New cache connections time out; the
 * client (a Node.js service using ioredis, logging JSON) retries, every request that needs the cache waits
 * for its connect timeout and many fail. The revocation is recorded with the rule in `from`; only that rule
 * back on the cache's group (same protocol, port and source) lets connections through again
 * (sg-restore-ingress-rule, with sign-off). Restarting the tasks or the cache changes nothing.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { intBetween } from "../random.js";
import { ruleKey } from "../security.js";
import type { World } from "../world.js";
import { isoAt, recordChange, serviceEffects } from "../world.js";
import { consumersOf, must, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

interface Params {
  cacheGroup: string;
  appGroup: string;
  port: number;
}

/** Whether the cache's group lets the app group in on the port again. */
function reachable(world: World, p: Params): boolean {
  const g = world.securityGroups.get(p.cacheGroup);
  return (
    g?.rules.some(
      (r) => r.protocol === "tcp" && r.fromPort <= p.port && p.port <= r.toPort && r.source === p.appGroup,
    ) ?? false
  );
}

export const cacheSecurityGroupRuleRemoved = defineFault({
  kind: "cache-security-group-rule-removed",
  summary:
    "The cache security group's ingress rule for the app is revoked; Redis connects time out. Restore it (sign-off).",
  targetType: "elasticache-cluster",
  params: z.strictObject({
    cacheGroup: z.string().default("sg-0c4e6a8b1d3f5a7c9"),
    appGroup: z.string().default("sg-0e1a3c5b7d9f2b4d6"),
    port: z.number().int().positive().default(6379),
    author: z.string().default("terraform (pipeline run 7712, sg-consolidation)"),
    errorRate: z.number().min(0).max(1).default(0.35),
    /** Private address of the cache node the client dials. */
    address: z.string().default("10.30.21.47"),
  }),
  start(ctx) {
    const cache = must(
      ctx.world.caches.get(ctx.target),
      "cache-security-group-rule-removed",
      "cache cluster",
      ctx.target,
    );
    const { cacheGroup, appGroup, port } = ctx.params;
    const rule = { protocol: "tcp" as const, fromPort: port, toPort: port, source: appGroup };
    let group = ctx.world.securityGroups.get(cacheGroup);
    if (!group) {
      group = {
        id: cacheGroup,
        service: cache.service,
        name: `${cache.id}-sg`,
        attachedTo: [cache.id],
        rules: [rule],
      };
      ctx.world.securityGroups.set(cacheGroup, group);
    }
    const revoked = group.rules.filter((r) => ruleKey(r) === ruleKey(rule));
    group.rules = group.rules.filter((r) => ruleKey(r) !== ruleKey(rule));
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: cache.service,
      resourceId: cacheGroup,
      kind: "infrastructure",
      summary: `RevokeSecurityGroupIngress on ${cacheGroup} (${cache.id}): removed tcp/${port} from ${appGroup}`,
      author: ctx.params.author,
      from: (revoked[0] ? revoked.map(ruleKey) : [ruleKey(rule)]).join(","),
    });
    return { host: `${cache.id}.k3v9zq.0001.use1.cache.amazonaws.com` };
  },
  tick(ctx, state) {
    const cache = ctx.world.caches.get(ctx.target);
    if (!cache || reachable(ctx.world, ctx.params)) return;
    // Open connections survive until they are recycled; new ones cannot be made.
    const share = ramp(ctx.elapsed, 3);
    addEffect(
      ctx.world.effects.resources,
      cache.id,
      "connections",
      -0.95 * cache.baseline.connections * share,
    );
    const { address, port } = ctx.params;
    for (const caller of consumersOf(ctx.world, cache.service)) {
      const effects = serviceEffects(ctx.world, caller.name);
      effects.errorRate += ctx.params.errorRate * share;
      effects.latencyMs += 2000 * share;
      const n = intBetween(ctx.rand, 3, 5);
      for (let i = 0; i < n; i++) {
        const time = ctx.nowMs + intBetween(ctx.rand, 0, 59_000);
        ctx.log(
          caller.name,
          "ERROR",
          i % 2 === 0
            ? `{"level":50,"time":${time},"pid":${intBetween(ctx.rand, 10, 40)},"msg":"[ioredis] Unhandled error event","err":{"type":"Error","message":"connect ETIMEDOUT","errno":-110,"code":"ETIMEDOUT","syscall":"connect","address":"${address}","port":${port}},"redis":"${state.host}"}`
            : `{"level":50,"time":${time},"pid":${intBetween(ctx.rand, 10, 40)},"req":{"method":"GET","url":"/api/sessions/${intBetween(ctx.rand, 100000, 999999)}"},"res":{"statusCode":503},"responseTime":${intBetween(ctx.rand, 10000, 10400)},"msg":"request errored: session store unavailable (Connection is closed.)"}`,
        );
      }
    }
  },
  resolved(ctx) {
    return reachable(ctx.world, ctx.params);
  },
});
