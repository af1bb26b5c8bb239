/**
 * CloudWatch metric alarms: evaluated every virtual minute over the last N periods (M of N to alarm), and
 * each ALARM/OK transition emitted as a real EventBridge "CloudWatch Alarm State Change" event.
 */
import type { AlarmState } from "../domain/index.js";
import type { AlarmSummary } from "../ports.js";
import { streamFor, uuidFrom } from "./random.js";
import type { Comparison, Trigger } from "./scenario/schema.js";
import type { World } from "./world.js";
import { isoAt } from "./world.js";

/** The EventBridge event CloudWatch sends when a metric alarm changes state. */
export interface AlarmStateChangeEvent {
  version: "0";
  id: string;
  "detail-type": "CloudWatch Alarm State Change";
  source: "aws.cloudwatch";
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    alarmName: string;
    state: AlarmStateRecord;
    previousState: AlarmStateRecord;
    configuration: {
      description: string;
      metrics: {
        id: string;
        metricStat: {
          metric: { namespace: string; name: string; dimensions: Record<string, string> };
          period: number;
          stat: string;
        };
        returnData: boolean;
      }[];
    };
  };
}

export interface AlarmStateRecord {
  value: AlarmState;
  reason: string;
  reasonData?: string;
  timestamp: string;
}

interface AlarmRuntime {
  trigger: Trigger;
  arn: string;
  metricId: string;
  current: AlarmStateRecord;
  updatedAt: string;
}

const WORDS: Record<Comparison, string> = {
  GreaterThanThreshold: "greater than",
  GreaterThanOrEqualToThreshold: "greater than or equal to",
  LessThanThreshold: "less than",
  LessThanOrEqualToThreshold: "less than or equal to",
};

export function breaches(comparison: Comparison, value: number, threshold: number): boolean {
  switch (comparison) {
    case "GreaterThanThreshold":
      return value > threshold;
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
  }
}

/** CloudWatch's timestamp style: 2019-10-02T17:04:40.989+0000. */
function awsTimestamp(ms: number): string {
  return isoAt(ms).replace("Z", "+0000");
}

/** dd/MM/yy HH:mm:ss, as datapoints appear in a reason. */
function reasonDate(iso: string): string {
  const [date = "", time = ""] = iso.split("T");
  const [y = "", m = "", d = ""] = date.split("-");
  return `${d}/${m}/${y.slice(2)} ${time.slice(0, 8)}`;
}

/** A number as Java prints a double (50 → 50.0). */
function javaDouble(value: number): string {
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}

export class AlarmEngine {
  private readonly alarms: AlarmRuntime[];

  constructor(
    private readonly world: World,
    triggers: readonly Trigger[],
    createdMs: number,
  ) {
    this.alarms = triggers.map((trigger) => ({
      trigger,
      arn: `arn:aws:cloudwatch:${world.region}:${world.account}:alarm:${trigger.name}`,
      metricId: uuidFrom(streamFor(world.seed, "alarm-metric", trigger.name)),
      current: {
        value: "INSUFFICIENT_DATA",
        reason: "Unchecked: Initial alarm creation",
        timestamp: awsTimestamp(createdMs),
      },
      updatedAt: isoAt(createdMs),
    }));
  }

  /** Evaluates every alarm at `nowMs`; returns the events of the state changes (when `emit`). */
  evaluate(nowMs: number, emit: boolean): AlarmStateChangeEvent[] {
    const events: AlarmStateChangeEvent[] = [];
    for (const alarm of this.alarms) {
      const next = this.judge(alarm.trigger, nowMs);
      if (!next || next.value === alarm.current.value) continue;
      const previous = alarm.current;
      alarm.current = next;
      alarm.updatedAt = isoAt(nowMs);
      if (emit && next.value !== "INSUFFICIENT_DATA") events.push(this.event(alarm, previous, nowMs));
    }
    return events;
  }

  summaries(): AlarmSummary[] {
    return this.alarms.map(({ trigger, current, updatedAt }) => ({
      name: trigger.name,
      state: current.value,
      namespace: trigger.metric.namespace,
      metric: trigger.metric.name,
      dimensions: { ...trigger.metric.dimensions },
      threshold: trigger.threshold,
      comparison: trigger.comparison,
      ...(trigger.service ? { service: trigger.service } : {}),
      updatedAt,
    }));
  }

  /** The state the alarm should be in, with CloudWatch's reason; undefined when there is no data. */
  private judge(trigger: Trigger, nowMs: number): AlarmStateRecord | undefined {
    const periodMs = trigger.periodSeconds * 1000;
    const n = trigger.evaluationPeriods;
    const m = trigger.datapointsToAlarm ?? n;
    const end = Math.floor(nowMs / periodMs) * periodMs;
    const start = end - n * periodMs;
    const { metric } = trigger;
    const series = this.world.metrics.query(
      { namespace: metric.namespace, metric: metric.name, dimensions: metric.dimensions },
      start,
      end,
      trigger.periodSeconds,
      trigger.stat,
    );
    const points = series.points;
    if (points.length === 0) return undefined;
    const breaching = points.filter((p) => breaches(trigger.comparison, p.value, trigger.threshold));
    const alarming = breaching.length >= m;
    const shown = (alarming ? breaching : points.filter((p) => !breaching.includes(p))).slice().reverse();
    const list = shown.map((p) => `${p.value} (${reasonDate(p.time)})`).join(", ");
    const minimum = `minimum ${m} datapoint${m === 1 ? "" : "s"}`;
    const reason = alarming
      ? `Threshold Crossed: ${shown.length} out of the last ${points.length} datapoints [${list}] was ${WORDS[trigger.comparison]} the threshold (${javaDouble(trigger.threshold)}) (${minimum} for OK -> ALARM transition).`
      : `Threshold Crossed: ${shown.length} out of the last ${points.length} datapoints [${list}] was not ${WORDS[trigger.comparison]} the threshold (${javaDouble(trigger.threshold)}) (${minimum} for ALARM -> OK transition).`;
    const statKey = /^p\d/.test(trigger.stat) ? "extendedStatistic" : "statistic";
    const reasonData =
      `{"version":"1.0","queryDate":"${awsTimestamp(nowMs)}","startDate":"${awsTimestamp(start)}",` +
      `"${statKey}":"${trigger.stat}","period":${trigger.periodSeconds},` +
      `"recentDatapoints":[${points.map((p) => p.value).join(",")}],"threshold":${javaDouble(trigger.threshold)}}`;
    return { value: alarming ? "ALARM" : "OK", reason, reasonData, timestamp: awsTimestamp(nowMs) };
  }

  private event(alarm: AlarmRuntime, previous: AlarmStateRecord, nowMs: number): AlarmStateChangeEvent {
    const { trigger } = alarm;
    return {
      version: "0",
      id: uuidFrom(streamFor(this.world.seed, "event", trigger.name, nowMs)),
      "detail-type": "CloudWatch Alarm State Change",
      source: "aws.cloudwatch",
      account: this.world.account,
      time: isoAt(nowMs).replace(/\.\d{3}Z$/, "Z"),
      region: this.world.region,
      resources: [alarm.arn],
      detail: {
        alarmName: trigger.name,
        state: { ...alarm.current },
        previousState: { ...previous },
        configuration: {
          description: trigger.description,
          metrics: [
            {
              id: alarm.metricId,
              metricStat: {
                metric: {
                  namespace: trigger.metric.namespace,
                  name: trigger.metric.name,
                  dimensions: { ...trigger.metric.dimensions },
                },
                period: trigger.periodSeconds,
                stat: trigger.stat,
              },
              returnData: true,
            },
          ],
        },
      },
    };
  }
}
