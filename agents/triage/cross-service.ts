/**
 * Cross-service suspects. When the alarmed service's requests fail because a resource of a service it calls
 * is failing (a shared table throttling, another team's load balancer refusing TLS), the root cause is that
 * resource, and the escalation goes to its owner. Found from the service map (which services this one calls)
 * and failure metrics of their resources that rose with our symptoms, never from log wording.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";
import type { IncidentCategory } from "./schema.js";

/** Failure events per minute (mean of the last three) from which a resource is failing. */
export const MIN_FAILURES_PER_MINUTE = 5;
/** ...and at least this many times its own usual rate. */
export const RISE_FACTOR = 5;
/** Tag keys naming the owning team. */
const TEAM_KEYS = ["team", "owner", "owning-team"];

interface Probe {
  category: IncidentCategory;
  namespace: string;
  metrics: string[];
  dims(r: ResourceDescription): Record<string, string>;
}

/** The failure metrics of each kind of resource another service may own. */
const PROBES: Record<string, Probe> = {
  "dynamodb-table": {
    category: "throttling",
    namespace: "AWS/DynamoDB",
    metrics: ["ThrottledRequests", "SystemErrors"],
    dims: (r) => ({ TableName: r.id }),
  },
  "load-balancer": {
    category: "availability",
    namespace: "AWS/ApplicationELB",
    metrics: ["ClientTLSNegotiationErrorCount", "HTTPCode_ELB_5XX_Count"],
    dims: (r) => ({ LoadBalancer: r.id }),
  },
  "lambda-function": {
    category: "availability",
    namespace: "AWS/Lambda",
    metrics: ["Errors", "Throttles"],
    dims: (r) => ({ FunctionName: String(r.attributes.functionName ?? r.id) }),
  },
};

export interface CrossServiceSuspect {
  service: string;
  resource: string;
  team: string;
  category: IncidentCategory;
  evidence: string;
}

/** The owning team from the resource's tags, else the service's on-call. */
export function ownerOf(r: ResourceDescription): string {
  const team = Object.entries(r.tags).find(([k]) => TEAM_KEYS.includes(k.toLowerCase()))?.[1];
  return team ?? `${r.service}-oncall`;
}

const mean = (v: number[]) => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);

/** True when the last three minutes fail well above the floor and well above the usual rate. */
export function risingFailures(values: number[]): { now: number; usual: number } | undefined {
  if (values.length < 4) return undefined;
  const now = mean(values.slice(-3));
  const usual = mean(values.slice(0, -10).length > 0 ? values.slice(0, -10) : values.slice(0, -3));
  return now >= MIN_FAILURES_PER_MINUTE && now >= RISE_FACTOR * Math.max(usual, 0.5)
    ? { now, usual }
    : undefined;
}

/** Resources of the services this one calls whose failures rose with the symptoms, worst first. */
export async function crossServiceSuspects(ports: Ports, service: string): Promise<CrossServiceSuspect[]> {
  const end = ports.clock.now();
  const start = minutesBefore(end, 40);
  const out: (CrossServiceSuspect & { rate: number })[] = [];
  const called = (await ports.resources.dependencies(service)).filter(
    (d) => !d.external && d.service !== service,
  );
  for (const dep of called) {
    for (const r of await ports.resources.listByService(dep.service)) {
      const probe = PROBES[r.type];
      if (!probe) continue;
      for (const metric of probe.metrics) {
        const series = await ports.metrics.getSeries({
          namespace: probe.namespace,
          metric,
          dimensions: probe.dims(r),
          start,
          end,
          stat: "Sum",
        });
        const rise = risingFailures(series.points.map((p) => p.value));
        if (!rise) continue;
        out.push({
          service: dep.service,
          resource: r.id,
          team: ownerOf(r),
          category: probe.category,
          evidence: `${metric} on ${r.id} (${dep.service}, which ${service} calls) at ${Math.round(rise.now)}/min against a usual ${Math.round(rise.usual)}/min`,
          rate: rise.now,
        });
        break;
      }
    }
  }
  return out.sort((a, b) => b.rate - a.rate).map(({ rate: _rate, ...s }) => s);
}
