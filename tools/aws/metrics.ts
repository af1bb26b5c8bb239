/** MetricsPort over CloudWatch `GetMetricData`: one metric, one statistic, every page of results. */
import { type CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { AwsAdapterError, awsCall } from "../aws-shared/errors.js";
import type { MetricSeries } from "../domain/index.js";
import type { MetricQuery, MetricsPort } from "../ports.js";

const STATS: Record<string, string> = {
  average: "Average",
  avg: "Average",
  sum: "Sum",
  minimum: "Minimum",
  min: "Minimum",
  maximum: "Maximum",
  max: "Maximum",
  samplecount: "SampleCount",
};

/** CloudWatch's spelling of a statistic: `average` → `Average`; percentiles (`p99`, `tm90`) pass as written. */
export function normaliseStat(stat: string | undefined): string {
  if (stat === undefined) return "Average";
  return STATS[stat.toLowerCase()] ?? stat;
}

/** Periods CloudWatch accepts: 1, 5, 10, 20, 30 (high resolution) or a multiple of 60 seconds. */
export function checkPeriod(period: number): void {
  const ok =
    Number.isInteger(period) && period > 0 && ([1, 5, 10, 20, 30].includes(period) || period % 60 === 0);
  if (!ok) {
    throw new AwsAdapterError(
      `InvalidParameterValue: period ${period}s is not one CloudWatch accepts (1, 5, 10, 20, 30 or a multiple of 60)`,
      "invalid",
      "InvalidParameterValue",
      "cloudwatch:GetMetricData",
      "metric query",
    );
  }
}

export class CloudWatchMetrics implements MetricsPort {
  constructor(private readonly client: CloudWatchClient) {}

  async getSeries(query: MetricQuery): Promise<MetricSeries> {
    const period = query.periodSeconds ?? 60;
    checkPeriod(period);
    const stat = normaliseStat(query.stat);
    const series: MetricSeries = {
      namespace: query.namespace,
      metric: query.metric,
      dimensions: { ...query.dimensions },
      stat,
      periodSeconds: period,
      points: [],
    };
    if (query.end.getTime() <= query.start.getTime()) return series;

    const dims = Object.entries(query.dimensions).map(([Name, Value]) => `${Name}=${Value}`);
    const ctx = {
      action: "cloudwatch:GetMetricData",
      resource: `metric ${query.namespace}/${query.metric}${dims.length ? ` {${dims.join(", ")}}` : ""}`,
      region: () => this.client.config.region(),
    };
    const byTime = new Map<number, number>();
    let nextToken: string | undefined;
    do {
      const page = await awsCall(ctx, () =>
        this.client.send(
          new GetMetricDataCommand({
            MetricDataQueries: [
              {
                Id: "m0",
                MetricStat: {
                  Metric: {
                    Namespace: query.namespace,
                    MetricName: query.metric,
                    Dimensions: Object.entries(query.dimensions).map(([Name, Value]) => ({ Name, Value })),
                  },
                  Period: period,
                  Stat: stat,
                },
                ReturnData: true,
              },
            ],
            StartTime: query.start,
            EndTime: query.end,
            ScanBy: "TimestampAscending",
            NextToken: nextToken,
          }),
        ),
      );
      for (const result of page.MetricDataResults ?? []) {
        if (result.StatusCode === "Forbidden" || result.StatusCode === "InternalError") {
          const detail = (result.Messages ?? []).map((m) => `${m.Code}: ${m.Value}`).join("; ");
          const denied = result.StatusCode === "Forbidden";
          throw new AwsAdapterError(
            denied
              ? `AccessDenied: cloudwatch:GetMetricData was denied on ${ctx.resource} (${detail || "Forbidden"}); ` +
                  "grant the responder's role cloudwatch:GetMetricData (and, cross-account, the sharing role)"
              : `InternalError: CloudWatch could not compute ${ctx.resource}: ${detail || "no detail"}`,
            denied ? "access-denied" : "other",
            denied ? "AccessDenied" : "InternalError",
            ctx.action,
            ctx.resource,
          );
        }
        const times = result.Timestamps ?? [];
        const values = result.Values ?? [];
        times.forEach((t, i) => {
          const v = values[i];
          if (v !== undefined && Number.isFinite(v)) byTime.set(t.getTime(), v);
        });
      }
      nextToken = page.NextToken;
    } while (nextToken);

    series.points = [...byTime.entries()]
      .sort(([a], [b]) => a - b)
      .map(([t, value]) => ({ time: new Date(t).toISOString(), value }));
    return series;
  }
}
