/**
 * config-change: a setting of an ECS service gets a bad value and requests fail on it. Shipped `via:
 * task-definition` it is a new revision with a changed environment variable (rolling back fixes it); `via:
 * parameter-store` the service reads it from SSM Parameter Store at runtime, so a rollback changes nothing
 * and only reverting the parameter to its previous version fixes it.
 */
import { z } from "zod";
import { currentParameter } from "../parameters.js";
import { intBetween } from "../random.js";
import type { World } from "../world.js";
import { isoAt, newTaskIds, recordChange, serviceEffects } from "../world.js";
import { must, pkgOf, ramp } from "./helpers.js";
import { defineFault } from "./types.js";

/** The service reads the parameter's current value: a good one again means the cause is gone. */
function parameterReverted(world: World, name: string | undefined, good: string): boolean {
  const p = name ? world.parameters.get(name) : undefined;
  return p !== undefined && currentParameter(p).value === good;
}

export const configChange = defineFault({
  kind: "config-change",
  summary:
    "A bad setting breaks requests; roll back the task definition or revert the Parameter Store version.",
  targetType: "ecs-service",
  params: z.strictObject({
    via: z.enum(["task-definition", "parameter-store"]).default("task-definition"),
    key: z.string().default("TAX_SERVICE_URL"),
    badValue: z.string().default("https//tax.internal.example.com/v1"),
    previousValue: z.string().default("https://tax.internal.example.com/v1"),
    errorRate: z.number().min(0).max(1).default(0.25),
    author: z.string().default("ops-console (jo.p)"),
  }),
  start(ctx) {
    const ecs = must(ctx.world.ecs.get(ctx.target), "config-change", "ECS service", ctx.target);
    const { key, badValue, previousValue, author } = ctx.params;
    if (ctx.params.via === "task-definition") {
      const [family = ecs.serviceName, revision = "0"] = ecs.taskDefinition.split(":");
      const bad = `${family}:${Number(revision) + 1}`;
      const from = ecs.taskDefinition;
      ecs.previousTaskDefinitions = [from, ...ecs.previousTaskDefinitions.filter((t) => t !== from)];
      ecs.taskDefinition = bad;
      ecs.taskIds = newTaskIds(ctx.world, ecs.desiredCount);
      recordChange(ctx.world, {
        time: isoAt(ctx.nowMs),
        service: ecs.service,
        resourceId: ecs.id,
        kind: "config",
        summary: `Task definition ${bad} registered with environment change ${key}=${badValue} (was ${previousValue}); ${ecs.id} updated to it`,
        from,
        to: bad,
        author,
      });
      return {
        bad: bad as string | undefined,
        parameter: undefined as string | undefined,
        pkg: pkgOf(ecs.service),
      };
    }
    const parameter = `/prod/${ecs.serviceName}/${key.toLowerCase().replace(/_/g, "-")}`;
    ctx.world.parameters.set(parameter, {
      name: parameter,
      service: ecs.service,
      targetGroup: ecs.targetGroup,
      history: [
        { version: 6, value: previousValue },
        { version: 7, value: previousValue },
        { version: 8, value: badValue },
      ],
    });
    recordChange(ctx.world, {
      time: isoAt(ctx.nowMs),
      service: ecs.service,
      resourceId: parameter,
      kind: "config",
      summary: `SSM parameter ${parameter} changed (version 7 -> 8): value ${badValue} (was ${previousValue})`,
      from: previousValue,
      to: badValue,
      author,
    });
    return { bad: undefined as string | undefined, parameter, pkg: pkgOf(ecs.service) };
  },
  tick(ctx, state) {
    const ecs = ctx.world.ecs.get(ctx.target);
    if (!ecs || (state.bad !== undefined && ecs.taskDefinition !== state.bad)) return;
    if (parameterReverted(ctx.world, state.parameter, ctx.params.previousValue)) return;
    const share = ramp(ctx.elapsed, 2);
    serviceEffects(ctx.world, ecs.service).errorRate += ctx.params.errorRate * share;
    const { key, badValue } = ctx.params;
    if (ctx.elapsed % 4 === 0) {
      ctx.log(
        ecs.service,
        "WARN",
        `WARN [main] ${state.pkg}.config.SettingsValidator - invalid configuration value for ${key}: '${badValue}' is not a valid URL (no protocol)`,
      );
    }
    const n = intBetween(ctx.rand, 3, 5);
    for (let i = 0; i < n; i++) {
      ctx.log(
        ecs.service,
        "ERROR",
        i % 2 === 0
          ? `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${state.pkg}.pricing.TaxClient - Tax quote failed: java.net.MalformedURLException: no protocol: ${badValue}/quote`
          : `ERROR [http-nio-8080-exec-${intBetween(ctx.rand, 1, 48)}] ${state.pkg}.web.AccessLog - POST /api/v1/orders/${intBetween(ctx.rand, 10000, 99999)}/confirm 500 ${intBetween(ctx.rand, 5, 40)}ms`,
      );
    }
  },
  resolved(ctx, state) {
    if (state.parameter !== undefined) {
      return parameterReverted(ctx.world, state.parameter, ctx.params.previousValue);
    }
    return state.bad !== undefined && ctx.world.ecs.get(ctx.target)?.taskDefinition !== state.bad;
  },
});
