/**
 * Context that makes an alarm expected: planned activity on a change calendar (a load test, maintenance)
 * covering the service, or resources tagged as a non-production environment. Either means "expected, no
 * action", with the reason in the report. Security alarms are never explained away by context.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";

/** Tag keys that name an environment (compared case-insensitively). */
const ENVIRONMENT_KEYS = ["environment", "env", "stage"];
/** Environment values that mean production. */
const PRODUCTION = /^(prod|production|prd|live)$/i;

/** The environment the resources are tagged with, when every tagged one agrees on a non-production value. */
export function nonProductionEnvironment(resources: ResourceDescription[]): string | undefined {
  const values = resources
    .map((r) => Object.entries(r.tags).find(([k]) => ENVIRONMENT_KEYS.includes(k.toLowerCase()))?.[1])
    .filter((v): v is string => Boolean(v));
  if (values.length === 0 || values.length < resources.length) return undefined;
  if (values.some((v) => PRODUCTION.test(v.trim()))) return undefined;
  return values[0];
}

/** Why the alarm is expected, or undefined when nothing says so. */
export async function expectedBecause(
  ports: Ports,
  service: string,
  alarmed: ResourceDescription[],
  now: Date,
): Promise<string | undefined> {
  const events = (await ports.calendar?.activeEvents(service, now)) ?? [];
  const event = events[0];
  if (event) {
    const what = event.summary ? `"${event.summary}"` : "a planned event";
    const until = event.until ? ` until ${event.until.slice(11, 16)} UTC` : "";
    return `Expected, no action: ${what} is in progress on change calendar ${event.calendar} for ${service}${until}; the alarm is what that activity causes.`;
  }
  const env = nonProductionEnvironment(alarmed);
  if (env) {
    return `Expected, no action: the alarmed resources (${alarmed.map((r) => r.id).join(", ")}) are tagged environment "${env}", not production; their owners handle it in working hours.`;
  }
  return undefined;
}
