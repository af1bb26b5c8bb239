/**
 * Per-minute datapoints of every metric, and CloudWatch-style statistics over periods of them.
 */
import type { MetricSeries } from "../domain/index.js";

export interface MetricId {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
}

interface Stored extends MetricId {
  /** Minute start (ms) → value of that minute. */
  points: Map<number, number>;
}

/** Canonical key of a metric: namespace, name and sorted dimensions. */
export function metricKey(id: MetricId): string {
  const dims = Object.keys(id.dimensions)
    .sort()
    .map((k) => `${k}=${id.dimensions[k]}`)
    .join(",");
  return `${id.namespace}|${id.metric}|${dims}`;
}

/** Applies a CloudWatch statistic (Average, Sum, Minimum, Maximum, SampleCount, pNN) to values. */
export function statistic(stat: string, values: number[]): number {
  if (values.length === 0) return Number.NaN;
  switch (stat) {
    case "Sum":
      return values.reduce((a, b) => a + b, 0);
    case "Minimum":
      return Math.min(...values);
    case "Maximum":
      return Math.max(...values);
    case "SampleCount":
      return values.length;
    case "Average":
      return values.reduce((a, b) => a + b, 0) / values.length;
    default: {
      const match = /^p(\d+(?:\.\d+)?)$/.exec(stat);
      if (!match)
        throw new Error(
          `unknown statistic '${stat}': use Average, Sum, Minimum, Maximum, SampleCount or pNN`,
        );
      const sorted = [...values].sort((a, b) => a - b);
      const rank = Math.ceil((Number(match[1]) / 100) * sorted.length) - 1;
      return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? Number.NaN;
    }
  }
}

export class MetricStore {
  private readonly series = new Map<string, Stored>();

  put(id: MetricId, minuteStartMs: number, value: number): void {
    const key = metricKey(id);
    let stored = this.series.get(key);
    if (!stored) {
      stored = { ...id, dimensions: { ...id.dimensions }, points: new Map() };
      this.series.set(key, stored);
    }
    stored.points.set(minuteStartMs, value);
  }

  /** Every metric that has at least one datapoint. */
  list(): MetricId[] {
    return [...this.series.values()].map(({ namespace, metric, dimensions }) => ({
      namespace,
      metric,
      dimensions,
    }));
  }

  /**
   * Datapoints of one metric aggregated into periods aligned to the period (as CloudWatch does), for periods
   * starting in [start, end). Periods without data are omitted.
   */
  query(id: MetricId, startMs: number, endMs: number, periodSeconds: number, stat: string): MetricSeries {
    const periodMs = periodSeconds * 1000;
    const out: MetricSeries = {
      namespace: id.namespace,
      metric: id.metric,
      dimensions: { ...id.dimensions },
      stat,
      periodSeconds,
      points: [],
    };
    const stored = this.series.get(metricKey(id));
    if (!stored) return out;
    const buckets = new Map<number, number[]>();
    const first = Math.floor(startMs / periodMs) * periodMs;
    for (const [ms, value] of stored.points) {
      if (ms < first || ms >= endMs) continue;
      const bucket = Math.floor(ms / periodMs) * periodMs;
      const list = buckets.get(bucket);
      if (list) list.push(value);
      else buckets.set(bucket, [value]);
    }
    for (const bucket of [...buckets.keys()].sort((a, b) => a - b)) {
      const value = statistic(stat, buckets.get(bucket) ?? []);
      out.points.push({ time: new Date(bucket).toISOString(), value: round(value) });
    }
    return out;
  }
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
