/**
 * feature-flag-change: someone turns on a feature flag and the code path behind it fails. Errors start the
 * minute the flag flips, whatever was deployed before. No rollback of the service helps, since the flag
 * lives outside it. With `appconfig` set the flag is an AppConfig feature flag: redeploying the previous
 * configuration version turns it off; otherwise it lives in an outside flags console (a human turns it off).
 */
import { z } from "zod";
import { appConfigId } from "../parameters.js";
import { intBetween } from "../random.js";
import type { World } from "../world.js";
import { isoAt, recordChange, serviceEffects } from "../world.js";
import { must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

/** The AppConfig profile's deployed version has the flag off (never true for a flag outside AWS). */
function flagOff(world: World, profile: string | undefined): boolean {
  const a = profile ? world.appConfigs.get(profile) : undefined;
  return a !== undefined && a.versions.find((v) => v.version === a.deployed)?.flagOn === false;
}

export const featureFlagChange = defineFault({
  kind: "feature-flag-change",
  summary: "A feature flag turned on breaks a code path; turn it off (a human): escalate.",
  targetType: "ecs-service",
  params: z.strictObject({
    flag: z.string().default("checkout.recommendations-v2"),
    percent: z.number().int().min(1).max(100).default(100),
    errorRate: z.number().min(0).max(1).default(0.2),
    author: z.string().default("flags-console (mia.t)"),
    /** What the flagged code path throws. */
    failure: z
      .string()
      .default("java.lang.IllegalStateException: recommendations-v2 model endpoint not configured"),
    /** Where the flag lives in AppConfig, when it does (deployed version 4 turns it on; 3 had it off). */
    appconfig: z
      .strictObject({ application: z.string(), environment: z.string(), profile: z.string() })
      .optional(),
  }),
  start(ctx) {
    const ecs = must(ctx.world.ecs.get(ctx.target), "feature-flag-change", "ECS service", ctx.target);
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: ecs.service,
      resourceId: `flag:${ctx.params.flag}`,
      kind: "feature-flag",
      summary: `Feature flag ${ctx.params.flag} enabled for ${ctx.params.percent}% of traffic (was 0%)`,
      from: "off",
      to: `on (${ctx.params.percent}%)`,
      author: ctx.params.author,
    });
    const profile = ctx.params.appconfig;
    if (profile) {
      ctx.world.appConfigs.set(appConfigId(profile), {
        ...profile,
        service: ecs.service,
        targetGroup: ecs.targetGroup,
        versions: [
          { version: 2, flagOn: false },
          { version: 3, flagOn: false },
          { version: 4, flagOn: true },
        ],
        deployed: 4,
        deployedBefore: [3, 2],
      });
    }
    return { pkg: pkgOf(ecs.service), profile: profile ? appConfigId(profile) : undefined };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs || flagOff(ctx.world, state.profile)) return;
    const share = ramp(ctx.elapsed, 2) * (ctx.params.percent / 100);
    serviceEffects(ctx.world, ecs.service).errorRate += ctx.params.errorRate * share;
    if (ctx.elapsed === 0) {
      ctx.log(
        ecs.service,
        "INFO",
        `INFO [flag-poller] ${state.pkg}.flags.FlagClient - feature flag ${ctx.params.flag} changed: enabled for ${ctx.params.percent}% of requests`,
      );
    }
    const n = intBetween(ctx.rand, 3, 5);
    for (let i = 0; i < n; i++) {
      ctx.log(
        ecs.service,
        "ERROR",
        i % 2 === 0
          ? `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${state.pkg}.recs.RecommendationsV2Service - request failed with feature flag ${ctx.params.flag} on: ${ctx.params.failure}`
          : `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${state.pkg}.web.AccessLog - GET /api/v1/cart/${intBetween(ctx.rand, 10000, 99999)}/recommendations 500 ${intBetween(ctx.rand, 5, 60)}ms`,
      );
    }
  },
  resolved(ctx, state) {
    return flagOff(ctx.world, state.profile);
  },
});
