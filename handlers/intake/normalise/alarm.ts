/** Alarm notifications (EventBridge, Lambda action, SNS) → Alert. */
import type { AlarmState, Alert, AlertMetric, AlertSource } from "../../../tools/domain/alert.js";
import { accountFromArn, regionFromArn, toRegionCode } from "../parse/regions.js";
import {
  type AlarmActionEvent,
  type AlarmData,
  type EventBridgeAlarmEvent,
  readReasonData,
} from "../parse/schemas/cloudwatch-alarm.js";
import type { SnsAlarmMessage, SnsAlarmNotification } from "../parse/schemas/sns-alarm.js";
import { fingerprintOf, sha256 } from "./fingerprint.js";
import { resourcesFromDimensions } from "./resources.js";
import { resolveService, type ServiceMap } from "./service-map.js";
import { clip, MAX_DESCRIPTION, MAX_REASON } from "./text.js";

/**
 * Pseudo-tag carrying a composite alarm's `actionsSuppressedBy`. The `aws:` prefix is reserved by AWS, so
 * no alarm owner's tag can collide with it.
 */
export const SUPPRESSED_BY_TAG = "aws:cloudwatch:actionsSuppressedBy";

/** Region used when neither the payload nor any ARN names one (AWS's SNS samples say "EXAMPLE"). */
export const UNKNOWN_REGION = "unknown";

interface AlarmFacts {
  id: string;
  source: AlertSource;
  alarmName: string;
  alarmArn?: string | undefined;
  accountId: string;
  region: string;
  state: AlarmState;
  previousState?: AlarmState | null | undefined;
  reason: string;
  description?: string | null | undefined;
  time: string;
  metric?: AlertMetric | undefined;
  resources: string[];
  tags: Record<string, string>;
}

/** Adds service, fingerprint and dimension resources; clips untrusted text. */
function toAlert(facts: AlarmFacts, map: ServiceMap): Alert {
  const dimensions = facts.metric?.dimensions ?? {};
  const resources = [
    ...(facts.alarmArn ? [facts.alarmArn] : []),
    ...facts.resources,
    ...resourcesFromDimensions(dimensions, facts.region, facts.accountId),
  ];
  const service = resolveService({ alarmName: facts.alarmName, tags: facts.tags, dimensions }, map);
  return {
    id: facts.id,
    source: facts.source,
    fingerprint: fingerprintOf(facts),
    alarmName: facts.alarmName,
    ...(facts.alarmArn ? { alarmArn: facts.alarmArn } : {}),
    accountId: facts.accountId,
    region: facts.region,
    state: facts.state,
    ...(facts.previousState ? { previousState: facts.previousState } : {}),
    reason: clip(facts.reason, MAX_REASON),
    ...(facts.description ? { description: clip(facts.description, MAX_DESCRIPTION) } : {}),
    time: facts.time,
    ...(facts.metric ? { metric: facts.metric } : {}),
    ...(service ? { service } : {}),
    resources: [...new Set(resources)],
    tags: facts.tags,
  };
}

/**
 * The metric of an EventBridge/Lambda-action alarm: the first returned metric with a `metricStat`, else
 * (metric math, where the returned series is an expression) the first input metric. Composite: none.
 */
function primaryMetric(data: AlarmData): AlertMetric | undefined {
  const metrics = (data.configuration.metrics ?? []).filter((m) => m.metricStat);
  const chosen = metrics.find((m) => m.returnData === true) ?? metrics[0];
  const stat = chosen?.metricStat;
  if (!stat) return undefined;
  const reasonData = readReasonData(data.state.reasonData);
  const statistic = stat.stat ?? reasonData.statistic;
  return {
    namespace: stat.metric.namespace,
    name: stat.metric.name,
    dimensions: stat.metric.dimensions,
    ...(statistic ? { statistic } : {}),
    ...(stat.period ? { periodSeconds: stat.period } : {}),
    ...(reasonData.threshold !== undefined ? { threshold: reasonData.threshold } : {}),
  };
}

function fromAlarmData(
  data: AlarmData,
  base: Pick<AlarmFacts, "id" | "source" | "alarmArn" | "accountId" | "region">,
): AlarmFacts {
  const tags: Record<string, string> = { ...(data.alarmTags ?? {}) };
  if (data.state.actionsSuppressedBy) tags[SUPPRESSED_BY_TAG] = data.state.actionsSuppressedBy;
  const triggering = readReasonData(data.state.reasonData).triggeringAlarms ?? [];
  return {
    ...base,
    alarmName: data.alarmName,
    state: data.state.value,
    previousState: data.previousState?.value,
    reason: data.state.reason,
    description: data.configuration.description,
    time: data.state.timestamp,
    metric: primaryMetric(data),
    resources: triggering.map((alarm) => alarm.arn),
    tags,
  };
}

/** EventBridge `CloudWatch Alarm State Change` → Alert. */
export function fromEventBridgeAlarm(event: EventBridgeAlarmEvent, map: ServiceMap): Alert {
  const alarmArn = event.resources.find((r) => r.includes(":alarm:"));
  const facts = fromAlarmData(event.detail, {
    id: event.id,
    source: "cloudwatch-alarm",
    alarmArn,
    accountId: event.account,
    region: toRegionCode(event.region) ?? event.region,
  });
  facts.resources.push(...event.resources);
  return toAlert(facts, map);
}

/** Alarm Lambda-action payload → Alert. It has no event id: one is derived from alarm, state and time. */
export function fromAlarmAction(event: AlarmActionEvent, map: ServiceMap): Alert {
  const { state } = event.alarmData;
  const id = `act_${sha256(JSON.stringify([event.alarmArn, state.value, state.timestamp])).slice(0, 32)}`;
  const facts = fromAlarmData(event.alarmData, {
    id,
    source: "alarm-action",
    alarmArn: event.alarmArn,
    accountId: event.accountId,
    region: toRegionCode(event.region) ?? regionFromArn(event.alarmArn) ?? event.region,
  });
  return toAlert(facts, map);
}

const STATISTICS: Record<string, string> = {
  AVERAGE: "Average",
  SUM: "Sum",
  MINIMUM: "Minimum",
  MAXIMUM: "Maximum",
  SAMPLE_COUNT: "SampleCount",
  SAMPLECOUNT: "SampleCount",
};

/** SNS trigger → metric: the single metric, or the first returned (else first) metric of a math alarm. */
function snsMetric(message: SnsAlarmMessage): AlertMetric | undefined {
  const trigger = message.Trigger;
  if (!trigger) return undefined;
  const extras = {
    ...(trigger.Threshold != null ? { threshold: trigger.Threshold } : {}),
    ...(trigger.ComparisonOperator ? { comparison: trigger.ComparisonOperator } : {}),
  };
  const toDimensions = (list: { name: string; value: string }[]) =>
    Object.fromEntries(list.map((d) => [d.name, d.value]));
  if (trigger.MetricName && trigger.Namespace) {
    const raw = trigger.ExtendedStatistic ?? trigger.Statistic ?? undefined;
    const statistic = raw ? (STATISTICS[raw.toUpperCase()] ?? raw) : undefined;
    return {
      namespace: trigger.Namespace,
      name: trigger.MetricName,
      dimensions: toDimensions(trigger.Dimensions),
      ...(statistic ? { statistic } : {}),
      ...(trigger.Period ? { periodSeconds: trigger.Period } : {}),
      ...extras,
    };
  }
  const metrics = (trigger.Metrics ?? []).filter((m) => m.MetricStat);
  const stat = (metrics.find((m) => m.ReturnData === true) ?? metrics[0])?.MetricStat;
  if (!stat) return undefined;
  return {
    namespace: stat.Metric.Namespace,
    name: stat.Metric.MetricName,
    dimensions: toDimensions(stat.Metric.Dimensions),
    ...(stat.Stat ? { statistic: stat.Stat } : {}),
    ...(stat.Period ? { periodSeconds: stat.Period } : {}),
    ...extras,
  };
}

/** The bare alarm message (what SNS carries) → Alert, with the delivery id and fallback region given. */
export function fromAlarmMessage(
  message: SnsAlarmMessage,
  map: ServiceMap,
  delivery: { id?: string; topicArn?: string } = {},
): Alert {
  const alarmArn = message.AlarmArn ?? undefined;
  const id =
    delivery.id ??
    `msg_${sha256(JSON.stringify([alarmArn ?? message.AlarmName, message.NewStateValue, message.StateChangeTime])).slice(0, 32)}`;
  const region =
    toRegionCode(message.Region) ??
    regionFromArn(alarmArn) ??
    regionFromArn(delivery.topicArn) ??
    UNKNOWN_REGION;
  const facts: AlarmFacts = {
    id,
    source: "sns-alarm",
    alarmName: message.AlarmName,
    alarmArn: alarmArn || undefined,
    accountId: message.AWSAccountId || accountFromArn(alarmArn) || "unknown",
    region,
    state: message.NewStateValue,
    previousState: message.OldStateValue,
    reason: message.NewStateReason,
    description: message.AlarmDescription,
    time: message.StateChangeTime,
    metric: snsMetric(message),
    resources: [],
    tags: {},
  };
  return toAlert(facts, map);
}

/** One SNS notification → Alert (the SNS message id is the delivery id). */
export function fromSnsNotification(notification: SnsAlarmNotification, map: ServiceMap): Alert {
  return fromAlarmMessage(notification.Message, map, {
    id: notification.MessageId,
    topicArn: notification.TopicArn,
  });
}
