/** Which service an alert belongs to: from the alarm's tags, its dimensions, or a configured service map. */
import { z } from "zod";

export const ServiceMapSchema = z.object({
  /** Alarm-name prefix → service; the longest matching prefix wins. */
  byAlarmPrefix: z.record(z.string(), z.string().min(1)).default({}),
  /** Dimension name → dimension value → service, e.g. `{ InstanceId: { "i-0abc": "checkout" } }`. */
  byDimension: z.record(z.string(), z.record(z.string(), z.string().min(1))).default({}),
  /** Tag keys whose value is the service name, first present wins. */
  byTag: z.array(z.string()).default(["service", "Service", "app", "App", "application"]),
  /** Dimensions whose value is itself the service name (ECS services, Lambda functions). */
  identityDimensions: z.array(z.string()).default(["ServiceName", "Service", "service", "FunctionName"]),
});
export type ServiceMap = z.infer<typeof ServiceMapSchema>;
export type ServiceMapInput = z.input<typeof ServiceMapSchema>;

/** Own string property only: hostile keys like `constructor` must not reach Object.prototype. */
function own(map: Record<string, string>, key: string): string | undefined {
  const value = Object.hasOwn(map, key) ? map[key] : undefined;
  return typeof value === "string" ? value : undefined;
}

export interface ServiceClues {
  alarmName: string;
  tags: Record<string, string>;
  dimensions: Record<string, string>;
}

/**
 * Resolves the service, most specific first: an alarm tag, a mapped dimension value, an alarm-name prefix,
 * then a dimension that names the service itself. Undefined when nothing matches.
 */
export function resolveService(clues: ServiceClues, map: ServiceMap): string | undefined {
  for (const key of map.byTag) {
    const value = own(clues.tags, key)?.trim();
    if (value) return value;
  }
  for (const [dimension, values] of Object.entries(map.byDimension)) {
    const value = own(clues.dimensions, dimension);
    const service = value === undefined ? undefined : own(values, value);
    if (service) return service;
  }
  let best: string | undefined;
  let bestLength = -1;
  for (const [prefix, service] of Object.entries(map.byAlarmPrefix)) {
    if (clues.alarmName.startsWith(prefix) && prefix.length > bestLength) {
      best = service;
      bestLength = prefix.length;
    }
  }
  if (best) return best;
  for (const dimension of map.identityDimensions) {
    const value = own(clues.dimensions, dimension)?.trim();
    if (value) return value;
  }
  return undefined;
}
