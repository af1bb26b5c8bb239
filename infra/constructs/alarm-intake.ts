/**
 * How alarms reach intake: an EventBridge rule on CloudWatch alarm state changes (ALARM and OK) with
 * retries and a dead-letter queue, and optionally an SNS topic alarms can name as their action.
 * The responder's own alarms are never forwarded, so it cannot respond to itself.
 */
import { Duration } from "aws-cdk-lib";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import type * as kms from "aws-cdk-lib/aws-kms";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { type ResponderConfig, selfAlarmPrefix } from "../config.js";
import { allowCloudWatchAlarms } from "./topic-policy.js";

export const ALARM_STATE_CHANGE = "CloudWatch Alarm State Change";

/** Every kind of alarm (metric, math, anomaly detection, composite) going to ALARM or back to OK. */
export function alarmEventPattern(config: ResponderConfig): events.EventPattern {
  const alarmName =
    config.alarmNamePrefixes.length > 0
      ? events.Match.anyOf(...config.alarmNamePrefixes.map((p) => events.Match.prefix(p)))
      : events.Match.anythingButPrefix(selfAlarmPrefix(config));
  return {
    source: ["aws.cloudwatch"],
    detailType: [ALARM_STATE_CHANGE],
    detail: { state: { value: ["ALARM", "OK"] }, alarmName },
  };
}

export interface AlarmIntakeProps {
  config: ResponderConfig;
  intake: lambda.IFunction;
  deadLetterQueue: sqs.IQueue;
  notificationsKey: kms.IKey;
}

export class AlarmIntake extends Construct {
  readonly rule: events.Rule;
  /** Alarms may publish here (alarm action) instead of, or besides, EventBridge. */
  readonly alarmActionsTopic: sns.Topic | undefined;

  constructor(scope: Construct, id: string, props: AlarmIntakeProps) {
    super(scope, id);
    this.rule = new events.Rule(this, "AlarmStateRule", {
      description: "air: CloudWatch alarm state changes (ALARM, OK) to the intake function",
      eventPattern: alarmEventPattern(props.config),
      targets: [
        new targets.LambdaFunction(props.intake, {
          // Delivery retries for throttling and outages; then the event parks in the DLQ.
          retryAttempts: 8,
          maxEventAge: Duration.hours(2),
          deadLetterQueue: props.deadLetterQueue,
        }),
      ],
    });
    if (props.config.snsIntake) {
      this.alarmActionsTopic = new sns.Topic(this, "AlarmActionsTopic", {
        displayName: "air: alarm notifications to investigate",
        masterKey: props.notificationsKey,
        enforceSSL: true,
      });
      allowCloudWatchAlarms(this.alarmActionsTopic);
      this.alarmActionsTopic.addSubscription(new subscriptions.LambdaSubscription(props.intake));
    }
  }
}
