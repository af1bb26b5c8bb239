/**
 * AlarmsPort over CloudWatch `DescribeAlarms` (metric alarms; composite alarms are not listed). The
 * service an alarm belongs to comes from its tags (`ListTagsForResource`, one call per alarm, cached)
 * when that is cheap or needed, else from its dimensions.
 */
import {
  type CloudWatchClient,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
  type MetricAlarm,
} from "@aws-sdk/client-cloudwatch";
import { awsCall } from "../aws-shared/errors.js";
import type { AlarmState } from "../domain/index.js";
import type { AlarmSummary, AlarmsPort } from "../ports.js";
import { iso, mapLimit, TtlCache, tagRecord, tagValue } from "./util.js";

export interface CloudWatchAlarmsOptions {
  /** Tag keys naming the alarm's service, matched ignoring case. Default `service`. */
  serviceTagKeys?: string[];
  /** Service of an untagged alarm from its dimensions. Default: the ECS `ServiceName` dimension. */
  serviceFromDimensions?: (dimensions: Record<string, string>) => string | undefined;
  /** Lists of at most this many alarms get their tags looked up (a service filter always does). Default 25. */
  maxTagLookups?: number;
  /** How long an alarm's tags are cached. Default 10 minutes. */
  tagCacheMs?: number;
}

const defaultServiceFromDimensions = (d: Record<string, string>) => d["ServiceName"];

function dimensionRecord(dims: { Name?: string; Value?: string }[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims ?? []) if (d.Name) out[d.Name] = d.Value ?? "";
  return out;
}

/** The metric an alarm watches: its own, or (metric math) the returned or first metric of its query. */
function watchedMetric(alarm: MetricAlarm) {
  if (alarm.MetricName) {
    return {
      namespace: alarm.Namespace ?? "",
      metric: alarm.MetricName,
      dimensions: dimensionRecord(alarm.Dimensions),
    };
  }
  const stats = (alarm.Metrics ?? []).filter((m) => m.MetricStat?.Metric);
  const chosen = stats.find((m) => m.ReturnData) ?? stats[0];
  const metric = chosen?.MetricStat?.Metric;
  return {
    namespace: metric?.Namespace ?? "",
    metric: metric?.MetricName ?? "",
    dimensions: dimensionRecord(metric?.Dimensions),
  };
}

export class CloudWatchAlarms implements AlarmsPort {
  private readonly tags: TtlCache<string, Record<string, string>>;
  private readonly serviceTagKeys: string[];
  private readonly fromDimensions: (d: Record<string, string>) => string | undefined;
  private readonly maxTagLookups: number;

  constructor(
    private readonly client: CloudWatchClient,
    options: CloudWatchAlarmsOptions = {},
  ) {
    this.tags = new TtlCache(options.tagCacheMs ?? 600_000);
    this.serviceTagKeys = options.serviceTagKeys ?? ["service"];
    this.fromDimensions = options.serviceFromDimensions ?? defaultServiceFromDimensions;
    this.maxTagLookups = options.maxTagLookups ?? 25;
  }

  async describe(name: string): Promise<AlarmSummary | undefined> {
    const res = await awsCall(this.ctx("cloudwatch:DescribeAlarms", `alarm ${name}`), () =>
      this.client.send(new DescribeAlarmsCommand({ AlarmNames: [name], AlarmTypes: ["MetricAlarm"] })),
    );
    const alarm = res.MetricAlarms?.find((a) => a.AlarmName === name);
    return alarm ? this.summarise(alarm, true) : undefined;
  }

  async list(filter: { state?: AlarmState; service?: string } = {}): Promise<AlarmSummary[]> {
    const alarms: MetricAlarm[] = [];
    let nextToken: string | undefined;
    do {
      const page = await awsCall(this.ctx("cloudwatch:DescribeAlarms", "metric alarms"), () =>
        this.client.send(
          new DescribeAlarmsCommand({
            AlarmTypes: ["MetricAlarm"],
            StateValue: filter.state,
            MaxRecords: 100,
            NextToken: nextToken,
          }),
        ),
      );
      alarms.push(...(page.MetricAlarms ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    const withTags = filter.service !== undefined || alarms.length <= this.maxTagLookups;
    const summaries = await mapLimit(alarms, 5, (a) => this.summarise(a, withTags));
    return summaries.filter((s) => filter.service === undefined || s.service === filter.service);
  }

  private async summarise(alarm: MetricAlarm, withTags: boolean): Promise<AlarmSummary> {
    const watched = watchedMetric(alarm);
    let service: string | undefined;
    if (withTags && alarm.AlarmArn)
      service = tagValue(await this.tagsOf(alarm.AlarmArn), this.serviceTagKeys);
    service ??= this.fromDimensions(watched.dimensions);
    return {
      name: alarm.AlarmName ?? "",
      state: (alarm.StateValue ?? "INSUFFICIENT_DATA") as AlarmState,
      namespace: watched.namespace,
      metric: watched.metric,
      dimensions: watched.dimensions,
      // Anomaly-detection alarms compare against a band (ThresholdMetricId), not a number: 0 here.
      threshold: alarm.Threshold ?? 0,
      comparison: alarm.ComparisonOperator ?? "",
      ...(service ? { service } : {}),
      updatedAt: iso(alarm.StateUpdatedTimestamp ?? alarm.AlarmConfigurationUpdatedTimestamp) ?? "",
    };
  }

  private tagsOf(arn: string): Promise<Record<string, string>> {
    return this.tags.get(arn, async () => {
      const res = await awsCall(this.ctx("cloudwatch:ListTagsForResource", `alarm ${arn}`), () =>
        this.client.send(new ListTagsForResourceCommand({ ResourceARN: arn })),
      );
      return tagRecord(res.Tags);
    });
  }

  private ctx(action: string, resource: string) {
    return { action, resource, region: () => this.client.config.region() };
  }
}
