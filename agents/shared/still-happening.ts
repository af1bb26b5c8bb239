/**
 * "Is it still happening?" An alarm is evaluated over its own period (often 5 minutes), so it can still be in
 * ALARM minutes after the condition ended. Before anyone acts, the alarm's metric is read again at the finest
 * resolution the metric port serves (one minute) and compared with the threshold scaled to that resolution.
 * Only a clear recovery counts: every one of the last minutes on the good side, with no data meaning "unknown".
 */
import type { Alert } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "./incident-facts.js";

/** Finest period the metric port is asked for, in seconds. */
export const FINEST_PERIOD_SECONDS = 60;
/** Consecutive good minutes, up to now, that mean the condition healed. */
export const HEALED_MINUTES = 3;

export interface StillHappening {
  /** False only when every recent fine-grained datapoint is back on the good side of the threshold. */
  happening: boolean;
  /** The recent per-minute values read, oldest first. */
  recent: number[];
  /** The threshold as compared at the finest resolution. */
  threshold?: number;
  reason: string;
}

/** Sums and sample counts scale with the period; averages, extremes and percentiles do not. */
export function thresholdAtFinest(threshold: number, stat: string, periodSeconds: number): number {
  const additive = /^(sum|samplecount)$/i.test(stat);
  return additive ? (threshold * FINEST_PERIOD_SECONDS) / periodSeconds : threshold;
}

function breaching(comparison: string, value: number, threshold: number): boolean {
  if (comparison.startsWith("GreaterThanOrEqual")) return value >= threshold;
  if (comparison.startsWith("GreaterThan")) return value > threshold;
  if (comparison.startsWith("LessThanOrEqual")) return value <= threshold;
  return value < threshold;
}

/**
 * Reads the alert's metric over the last few minutes at one-minute resolution. `happening` stays true when
 * the alert names no single metric, no threshold is known, or fewer than HEALED_MINUTES datapoints exist:
 * absence of data is never taken as recovery.
 */
export async function stillHappening(
  ports: Ports,
  alert: Alert,
  known: { threshold?: number; comparison?: string } = {},
): Promise<StillHappening> {
  const metric = alert.metric;
  const threshold = metric?.threshold ?? known.threshold;
  const comparison = metric?.comparison ?? known.comparison;
  if (!metric || threshold === undefined || !comparison)
    return { happening: true, recent: [], reason: "the alarm watches no single metric" };
  const stat = metric.statistic ?? "Average";
  const fine = thresholdAtFinest(threshold, stat, metric.periodSeconds ?? FINEST_PERIOD_SECONDS);
  const end = ports.clock.now();
  const series = await ports.metrics.getSeries({
    namespace: metric.namespace,
    metric: metric.name,
    dimensions: metric.dimensions,
    start: minutesBefore(end, HEALED_MINUTES + 1),
    end,
    stat,
    periodSeconds: FINEST_PERIOD_SECONDS,
  });
  const recent = series.points.slice(-HEALED_MINUTES).map((p) => Math.round(p.value * 100) / 100);
  if (recent.length < HEALED_MINUTES)
    return { happening: true, recent, threshold: fine, reason: "too few recent datapoints to tell" };
  const bad = recent.filter((v) => breaching(comparison, v, fine));
  if (bad.length > 0)
    return {
      happening: true,
      recent,
      threshold: fine,
      reason: `${metric.name} is still past ${fine} in ${bad.length} of the last ${HEALED_MINUTES} minute(s)`,
    };
  return {
    happening: false,
    recent,
    threshold: fine,
    reason:
      `healed before action: at one-minute resolution ${metric.name} has been back within ${fine} for the last ` +
      `${HEALED_MINUTES} minutes (${recent.join(", ")}), although the alarm (period ${metric.periodSeconds ?? 60}s) is still in ALARM`,
  };
}
