/**
 * The change feed's scope in the deployed worker: which resource ids each service's changes are attributed
 * by. Two sources, merged per service:
 * - `AIR_CHANGE_FEED` (the stack's `air:changeFeed`): parameter names, other resource ids (security groups,
 *   IAM roles, AppConfig profiles) and AppConfig environments (`application-id/environment-id`) per service;
 * - `AIR_SERVICE_MAP`'s `byDimension` (dimension value → service): every mapped value (an instance id, a
 *   function name, a queue) is that service's resource.
 * Resources tagged with the service (instances, groups, ECS services, functions, security groups) are found
 * by the resources adapter itself. The services named here are also what a change query without a service
 * covers.
 */
import { z } from "zod";
import { jsonVar, type LambdaEnv } from "./env.js";

const ids = z.array(z.string().min(1).max(2048)).max(500);

export const ChangeFeedSchema = z.record(
  z.string().min(1),
  z.strictObject({
    /** Parameter Store names read with GetParameterHistory. */
    parameters: ids.optional(),
    /** Other resource ids CloudTrail events are attributed by. */
    resourceIds: ids.optional(),
    /** AppConfig environments whose deployment history is read. */
    appConfigEnvironments: z
      .array(z.string().regex(/^[a-z0-9]{4,7}\/[a-z0-9]{4,7}$/, "an AppConfig application-id/environment-id"))
      .max(100)
      .optional(),
  }),
);
export type ChangeFeedInput = z.input<typeof ChangeFeedSchema>;

export interface ChangeFeedOptions {
  services?: string[];
  changeFeed?: {
    parameters: Record<string, string[]>;
    resourceIds: Record<string, string[]>;
    appConfigEnvironments: Record<string, string[]>;
  };
}

const add = (map: Record<string, string[]>, service: string, values: readonly string[]) => {
  if (values.length === 0) return;
  map[service] = [...new Set([...(map[service] ?? []), ...values])];
};

/** The worker's change feed options from its environment; empty when neither variable is set. */
export function changeFeedOptions(
  env: Pick<LambdaEnv, "AIR_CHANGE_FEED" | "AIR_SERVICE_MAP">,
): ChangeFeedOptions {
  const raw = jsonVar("AIR_CHANGE_FEED", env.AIR_CHANGE_FEED);
  const parsed = ChangeFeedSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `AIR_CHANGE_FEED at '${issue?.path.join(".")}': ${issue?.message}. Set it through air:changeFeed in cdk.json ` +
        "(service → { parameters, resourceIds, appConfigEnvironments }) and redeploy",
    );
  }
  const out = {
    parameters: {},
    resourceIds: {},
    appConfigEnvironments: {},
  } as Required<ChangeFeedOptions>["changeFeed"];
  for (const [service, scope] of Object.entries(parsed.data)) {
    add(out.parameters, service, scope.parameters ?? []);
    add(out.resourceIds, service, scope.resourceIds ?? []);
    add(out.appConfigEnvironments, service, scope.appConfigEnvironments ?? []);
  }
  const map = jsonVar("AIR_SERVICE_MAP", env.AIR_SERVICE_MAP) as { byDimension?: unknown } | undefined;
  const byDimension = z
    .record(z.string(), z.record(z.string(), z.string().min(1)))
    .safeParse(map?.byDimension ?? {});
  for (const values of Object.values(byDimension.success ? byDimension.data : {})) {
    for (const [value, service] of Object.entries(values)) add(out.resourceIds, service, [value]);
  }
  const services = [
    ...new Set([
      ...Object.keys(out.parameters),
      ...Object.keys(out.resourceIds),
      ...Object.keys(out.appConfigEnvironments),
    ]),
  ].sort();
  return services.length === 0 ? {} : { services, changeFeed: out };
}
