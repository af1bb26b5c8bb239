/**
 * lambda-config-change: a Lambda function reads a setting at runtime (through the Parameters and Secrets
 * extension, or an AppConfig feature flag through the AppConfig agent), and an edit gives it a bad value.
 * The function's errors start within its cache TTL of the edit, with no new version published: rolling the
 * alias back runs older code that reads the same value. Reverting the parameter to its previous version, or
 * redeploying the previous AppConfig version, removes the cause.
 */
import { z } from "zod";
import { addEffect } from "../data-resources.js";
import { appConfigId, currentParameter } from "../parameters.js";
import { intBetween } from "../random.js";
import type { World } from "../world.js";
import { isoAt, recordChange } from "../world.js";
import { lambdaLog, must, requestId } from "./helpers.js";
import { defineFault } from "./types.js";

const Params = z.strictObject({
  via: z.enum(["parameter-store", "appconfig"]).default("parameter-store"),
  /** Parameter Store: the parameter's name; AppConfig: the flag's name. */
  key: z.string().default("/prod/invoicing/fx-rates-endpoint"),
  badValue: z.string().default("https://fx-rates.internal.example.com/v2/latest"),
  previousValue: z.string().default("https://fx-rates.internal.example.com/v1/latest"),
  /** Share of invocations that fail on the bad value. */
  errorRate: z.number().min(0).max(1).default(0.5),
  author: z.string().default("console (assumed-role/ops-admin/ben.o)"),
  /** What the function logs when it fails on the value (Python, as the runtime prints it). */
  failure: z.string().default("KeyError: 'rates' (response from v2 endpoint has 'data', not 'rates')"),
  appconfig: z
    .strictObject({ application: z.string(), environment: z.string(), profile: z.string() })
    .default({ application: "invoicing", environment: "prod", profile: "flags" }),
});

/** True once the function reads a good value again. */
function healed(world: World, p: z.output<typeof Params>): boolean {
  if (p.via === "parameter-store") {
    const param = world.parameters.get(p.key);
    return param !== undefined && currentParameter(param).value === p.previousValue;
  }
  const a = world.appConfigs.get(appConfigId(p.appconfig));
  return a !== undefined && a.versions.find((v) => v.version === a.deployed)?.flagOn === false;
}

export const lambdaConfigChange = defineFault({
  kind: "lambda-config-change",
  summary:
    "A Parameter Store value or AppConfig flag a Lambda reads at runtime goes bad; revert it (not the code).",
  targetType: "lambda-function",
  params: Params,
  start(ctx) {
    const fn = must(ctx.world.lambdas.get(ctx.target), "lambda-config-change", "Lambda alias", ctx.target);
    const p = ctx.params;
    if (p.via === "parameter-store") {
      ctx.world.parameters.set(p.key, {
        name: p.key,
        service: fn.service,
        readerFunction: fn.functionName,
        history: [
          { version: 11, value: p.previousValue },
          { version: 12, value: p.previousValue },
          { version: 13, value: p.badValue },
        ],
      });
      recordChange(ctx.world, {
        time: isoAt(ctx.nowMs),
        service: fn.service,
        resourceId: p.key,
        kind: "config",
        summary: `SSM parameter ${p.key} changed (version 12 -> 13): value ${p.badValue} (was ${p.previousValue})`,
        from: p.previousValue,
        to: p.badValue,
        author: p.author,
      });
    } else {
      ctx.world.appConfigs.set(appConfigId(p.appconfig), {
        ...p.appconfig,
        service: fn.service,
        readerFunction: fn.functionName,
        versions: [
          { version: 6, flagOn: false },
          { version: 7, flagOn: false },
          { version: 8, flagOn: true },
        ],
        deployed: 8,
        deployedBefore: [7, 6],
      });
      recordChange(ctx.world, {
        time: isoAt(ctx.nowMs),
        service: fn.service,
        resourceId: appConfigId(p.appconfig),
        kind: "feature-flag",
        summary: `AppConfig ${appConfigId(p.appconfig)}: configuration version 8 deployed (flag ${p.key} on; version 7 had it off)`,
        from: "7",
        to: "8",
        author: p.author,
      });
    }
    return {};
  },
  tick(ctx) {
    const fn = ctx.world.lambdas.get(ctx.target);
    // The extension caches values for 5 minutes: the first minutes still run on the old value.
    if (!fn || ctx.elapsed < 2 || healed(ctx.world, ctx.params)) return;
    addEffect(ctx.world.effects.resources, fn.id, "errorRate", ctx.params.errorRate);
    for (let i = 0; i < intBetween(ctx.rand, 2, 4); i++) {
      const id = requestId(ctx.rand);
      lambdaLog(
        ctx,
        fn.id,
        "ERROR",
        i % 2 === 0
          ? `[ERROR] ${new Date(ctx.nowMs).toISOString()} ${id} ${ctx.params.failure}`
          : `[ERROR] ${new Date(ctx.nowMs).toISOString()} ${id} Traceback (most recent call last): File "/var/task/handler.py", line 58, in handler: rates = load_rates(settings.get("${ctx.params.key}"))`,
      );
    }
  },
  resolved(ctx) {
    return healed(ctx.world, ctx.params);
  },
});
