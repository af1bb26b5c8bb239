/**
 * Real-shaped event payloads, modelled on handlers/intake/fixtures/aws-events: EventBridge "CloudWatch
 * Alarm State Change" (metric alarm), the SNS Lambda event carrying CloudWatch's alarm notification JSON,
 * and the context events (ECS deployment, EC2 state change, AWS Health).
 */
import type { AlarmDef } from "./catalog.js";

export type AlarmStateValue = "ALARM" | "OK";

export interface AlarmChange {
  alarm: AlarmDef;
  state: AlarmStateValue;
  previous: AlarmStateValue;
  /** State-change time, epoch ms. */
  at: number;
  /** The datapoint that crossed (or fell back below) the threshold. */
  value: number;
}

const REGION_NAMES: Record<string, string> = {
  "us-east-1": "US East (N. Virginia)",
  "eu-west-1": "Europe (Ireland)",
};

/** CloudWatch's own timestamp style: `2019-10-02T17:04:40.989+0000`. */
export function cwTime(ms: number): string {
  return new Date(ms).toISOString().replace("Z", "+0000");
}

/** EventBridge envelope time: whole seconds, `Z`. */
function ebTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `dd/MM/yy HH:mm:ss`, as in CloudWatch's reason text. */
function reasonTime(ms: number): string {
  const d = new Date(ms).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(2, 4)} ${d.slice(11, 19)}`;
}

function alarmArn(alarm: AlarmDef): string {
  return `arn:aws:cloudwatch:${alarm.region}:${alarm.account}:alarm:${alarm.name}`;
}

function reasonOf(change: AlarmChange): { reason: string; reasonData: string } {
  const { alarm, state, at, value } = change;
  const start = at - alarm.period * 1000;
  const crossed = state === "ALARM" ? "was greater than" : "was not greater than";
  const from = state === "ALARM" ? "OK -> ALARM" : "ALARM -> OK";
  const v = Number(value.toFixed(3));
  return {
    reason:
      `Threshold Crossed: 1 out of the last 1 datapoints [${v} (${reasonTime(start)})] ${crossed} the ` +
      `threshold (${alarm.threshold.toFixed(1)}) (minimum 1 datapoint for ${from} transition).`,
    reasonData: JSON.stringify({
      version: "1.0",
      queryDate: cwTime(at - 5),
      startDate: cwTime(start),
      statistic: alarm.stat,
      period: alarm.period,
      recentDatapoints: [v],
      threshold: alarm.threshold,
    }),
  };
}

/** EventBridge `CloudWatch Alarm State Change` for a metric alarm (tags present when propagated). */
export function eventBridgeAlarm(change: AlarmChange, id: string): Record<string, unknown> {
  const { alarm } = change;
  const now = reasonOf(change);
  return {
    version: "0",
    id,
    "detail-type": "CloudWatch Alarm State Change",
    source: "aws.cloudwatch",
    account: alarm.account,
    time: ebTime(change.at),
    region: alarm.region,
    resources: [alarmArn(alarm)],
    detail: {
      alarmName: alarm.name,
      ...(Object.keys(alarm.tags).length > 0 ? { alarmTags: alarm.tags } : {}),
      configuration: {
        description: `${alarm.metric} ${alarm.stat} over ${alarm.threshold}`,
        metrics: [
          {
            id: `m_${alarm.name.length}`,
            metricStat: {
              metric: { dimensions: alarm.dimensions, name: alarm.metric, namespace: alarm.namespace },
              period: alarm.period,
              stat: alarm.stat,
            },
            returnData: true,
          },
        ],
      },
      previousState: { value: change.previous, timestamp: cwTime(change.at - 60_000), reason: "" },
      state: { ...now, timestamp: cwTime(change.at), value: change.state },
    },
  };
}

/** The SNS Lambda event whose `Sns.Message` is CloudWatch's alarm notification (JSON text). */
export function snsAlarm(change: AlarmChange, messageId: string): Record<string, unknown> {
  const { alarm } = change;
  const topic = `arn:aws:sns:${alarm.region}:${alarm.account}:cloudwatch-alarms`;
  const message = {
    AlarmName: alarm.name,
    AlarmDescription: `${alarm.metric} ${alarm.stat} over ${alarm.threshold}`,
    AWSAccountId: alarm.account,
    AlarmConfigurationUpdatedTimestamp: cwTime(change.at - 86_400_000),
    NewStateValue: change.state,
    NewStateReason: reasonOf(change).reason,
    StateChangeTime: cwTime(change.at),
    Region: REGION_NAMES[alarm.region] ?? alarm.region,
    AlarmArn: alarmArn(alarm),
    OldStateValue: change.previous,
    OKActions: [],
    AlarmActions: [topic],
    InsufficientDataActions: [],
    Trigger: {
      MetricName: alarm.metric,
      Namespace: alarm.namespace,
      StatisticType: "Statistic",
      Statistic: alarm.stat.startsWith("p") ? null : alarm.stat.toUpperCase(),
      ExtendedStatistic: alarm.stat.startsWith("p") ? alarm.stat : null,
      Unit: null,
      Dimensions: Object.entries(alarm.dimensions).map(([name, value]) => ({ value, name })),
      Period: alarm.period,
      EvaluationPeriods: 1,
      ComparisonOperator: "GreaterThanThreshold",
      Threshold: alarm.threshold,
      TreatMissingData: "missing",
      EvaluateLowSampleCountPercentile: "",
    },
  };
  return {
    Records: [
      {
        EventSource: "aws:sns",
        EventVersion: "1.0",
        EventSubscriptionArn: `${topic}:${messageId.slice(0, 8)}`,
        Sns: {
          Type: "Notification",
          MessageId: messageId,
          TopicArn: topic,
          Subject: `ALARM: "${alarm.name}" in ${REGION_NAMES[alarm.region] ?? alarm.region}`.slice(0, 100),
          Message: JSON.stringify(message),
          Timestamp: new Date(change.at + 400).toISOString(),
          SignatureVersion: "1",
          Signature: "EXAMPLE",
          SigningCertUrl: `https://sns.${alarm.region}.amazonaws.com/SimpleNotificationService-EXAMPLE.pem`,
          UnsubscribeUrl: `https://sns.${alarm.region}.amazonaws.com/?Action=Unsubscribe`,
          MessageAttributes: {},
        },
      },
    ],
  };
}

interface Where {
  account: string;
  region: string;
}

/** `ECS Deployment State Change` for `service` in `cluster`. */
export function ecsDeployment(
  where: Where,
  cluster: string,
  service: string,
  name: "SERVICE_DEPLOYMENT_IN_PROGRESS" | "SERVICE_DEPLOYMENT_FAILED",
  at: number,
  id: string,
  deploymentId: string,
): Record<string, unknown> {
  const failed = name === "SERVICE_DEPLOYMENT_FAILED";
  return {
    version: "0",
    id,
    "detail-type": "ECS Deployment State Change",
    source: "aws.ecs",
    account: where.account,
    time: ebTime(at),
    region: where.region,
    resources: [`arn:aws:ecs:${where.region}:${where.account}:service/${cluster}/${service}`],
    detail: {
      eventType: failed ? "ERROR" : "INFO",
      eventName: name,
      deploymentId,
      updatedAt: ebTime(at - 2000),
      reason: failed
        ? "ECS deployment circuit breaker: task failed to start."
        : `ECS deployment ${deploymentId} in progress.`,
    },
  };
}

/** `EC2 Instance State-change Notification`. */
export function ec2StateChange(
  where: Where,
  instance: string,
  state: string,
  at: number,
  id: string,
): Record<string, unknown> {
  return {
    version: "0",
    id,
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: where.account,
    time: ebTime(at),
    region: where.region,
    resources: [`arn:aws:ec2:${where.region}:${where.account}:instance/${instance}`],
    detail: { "instance-id": instance, state },
  };
}

/** `AWS Health Event`: a scheduled instance retirement (RFC-1123 dates, like AWS's sample). */
export function healthRetirement(where: Where, instance: string, at: number, id: string) {
  const rfc = (ms: number) => new Date(ms).toUTCString();
  return {
    version: "0",
    id,
    "detail-type": "AWS Health Event",
    source: "aws.health",
    account: where.account,
    time: ebTime(at),
    region: where.region,
    resources: [`arn:aws:ec2:${where.region}:${where.account}:instance/${instance}`],
    detail: {
      eventArn: `arn:aws:health:${where.region}::event/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED_${id.slice(0, 8)}`,
      service: "EC2",
      eventTypeCode: "AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
      eventTypeCategory: "scheduledChange",
      eventScopeCode: "ACCOUNT_SPECIFIC",
      startTime: rfc(at + 14 * 86_400_000),
      lastUpdatedTime: rfc(at),
      statusCode: "upcoming",
      eventRegion: where.region,
      eventDescription: [
        { language: "en_US", latestDescription: "Your instance is scheduled for retirement." },
      ],
      affectedEntities: [
        {
          entityValue: `arn:aws:ec2:${where.region}:${where.account}:instance/${instance}`,
          lastUpdatedTime: rfc(at),
          status: "PENDING",
        },
      ],
      affectedAccount: where.account,
    },
  };
}
