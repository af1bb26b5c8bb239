/**
 * User impact before action. A resource alarm (CPU, request count) is an incident only when users feel it or
 * are about to: failing requests, latency over its objective, failing health checks, or a saturation trend.
 * A busy group serving everyone on time is not an incident at 03:00.
 */
import type { Alert, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";

/** Share of failing requests that counts as user impact here (ten times a typical noise floor). */
export const IMPACT_FAILING_SHARE = 0.01;
/** Without a declared objective, latency this many times its usual value is over objective. */
export const DEFAULT_LATENCY_FACTOR = 1.2;
/** CPU from which a group counts as saturated. */
export const SATURATION_PERCENT = 90;
/** A rising signal that reaches saturation within this many minutes is imminent impact. */
export const TREND_HORIZON_MINUTES = 15;
/** Tag keys declaring the latency objective in milliseconds. */
const OBJECTIVE_KEYS = ["latencyobjectivems", "latency-objective-ms", "air:latency-objective-ms"];

export interface Impact {
  impacted: boolean;
  /** Each finding, readable, for the hypothesis and the report. */
  findings: string[];
}

const mean = (v: number[]) => (v.length === 0 ? 0 : v.reduce((a, b) => a + b, 0) / v.length);

/** Least-squares slope per minute of equally spaced values. */
export function slope(values: number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = mean(values);
  let num = 0;
  let den = 0;
  values.forEach((y, x) => {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

/** True when the values are saturated, or still rising fast enough to saturate within the horizon. */
export function saturationTrend(values: number[], ceiling = SATURATION_PERCENT): string | undefined {
  const last = values.at(-1);
  if (last === undefined) return undefined;
  // Saturation holds for minutes; one noisy datapoint over the line is not it.
  const level = mean(values.slice(-3));
  if (level >= ceiling) return `saturated (${Math.round(level)}% against ${ceiling}%)`;
  // A trend, not a step: the last minutes keep climbing (a one-off jump then flat is no trend).
  const recent = values.slice(-3);
  const climbing = recent.length === 3 && recent.every((v, i) => i === 0 || v > (recent[i - 1] ?? v));
  const perMinute = slope(recent);
  if (!climbing || perMinute < 2) return undefined;
  const minutes = Math.max(0, (ceiling - last) / perMinute);
  return minutes <= TREND_HORIZON_MINUTES
    ? `rising ${perMinute.toFixed(1)} points a minute, saturated in about ${Math.ceil(minutes)} minutes`
    : undefined;
}

function objectiveMs(resources: ResourceDescription[]): number | undefined {
  for (const r of resources) {
    const entry = Object.entries(r.tags).find(([k]) => OBJECTIVE_KEYS.includes(k.toLowerCase()));
    const value = Number(entry?.[1]);
    if (entry && Number.isFinite(value) && value > 0) return value;
  }
  return undefined;
}

/** Reads the service's load balancers and the alarm's metric, and says whether users are affected. */
export async function assessImpact(
  ports: Ports,
  alert: Alert,
  resources: ResourceDescription[],
  failing: number,
): Promise<Impact> {
  const findings: string[] = [];
  const end = ports.clock.now();
  if (failing >= IMPACT_FAILING_SHARE) findings.push(`${(failing * 100).toFixed(1)}% of requests failing`);
  const sick = resources.filter(
    (r) => r.attributes.healthStatus === "Unhealthy" || r.attributes.systemStatus === "impaired",
  );
  if (sick.length > 0) findings.push(`failing health checks on ${sick.map((r) => r.id).join(", ")}`);
  const objective = objectiveMs(resources);
  const groups = new Set(resources.map((r) => String(r.attributes.targetGroup ?? "")).filter(Boolean));
  for (const tg of groups) {
    const series = await ports.metrics.getSeries({
      namespace: "AWS/ApplicationELB",
      metric: "TargetResponseTime",
      dimensions: { TargetGroup: tg },
      start: minutesBefore(end, 60),
      end,
    });
    const values = series.points.map((p) => p.value * 1000);
    if (values.length < 3) continue;
    const now = mean(values.slice(-3));
    const older = values.length > 18 ? values.slice(0, -15) : values;
    const usual = [...older].sort((a, b) => a - b)[Math.floor(older.length / 2)];
    const limit = objective ?? (usual ?? now) * DEFAULT_LATENCY_FACTOR;
    const basis = objective
      ? `its ${objective} ms objective`
      : `${DEFAULT_LATENCY_FACTOR}x its usual ${Math.round(usual ?? now)} ms`;
    if (now > limit) findings.push(`latency ${Math.round(now)} ms over ${basis}`);
    const unhealthy = await ports.metrics.getSeries({
      namespace: "AWS/ApplicationELB",
      metric: "UnHealthyHostCount",
      dimensions: { TargetGroup: tg },
      start: minutesBefore(end, 3),
      end,
    });
    if ((unhealthy.points.at(-1)?.value ?? 0) > 0) findings.push(`unhealthy targets behind ${tg}`);
  }
  if (alert.metric) {
    const series = await ports.metrics.getSeries({
      namespace: alert.metric.namespace,
      metric: alert.metric.name,
      dimensions: alert.metric.dimensions,
      start: minutesBefore(end, 15),
      end,
      stat: alert.metric.statistic ?? "Average",
    });
    const trend = /cpu/i.test(alert.metric.name)
      ? saturationTrend(series.points.map((p) => p.value))
      : undefined;
    if (trend) findings.push(`${alert.metric.name} ${trend}`);
  }
  return { impacted: findings.length > 0, findings };
}
