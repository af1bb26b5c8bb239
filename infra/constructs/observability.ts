/**
 * The responder watching itself: alarms on function errors, dead-letter queues, a stalled work queue,
 * stuck approvals and slow graph runs, all notifying people through the notifications topic (never the
 * intake: their names carry the self prefix the alarm rule excludes), and one dashboard.
 */
import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { graphRunAlarmSeconds, type ResponderConfig, selfAlarmPrefix } from "../config.js";
import type { LambdaName } from "../lambda-entries.js";
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from "../runtime-contract.js";
import { runVisibilityTimeout } from "./queues.js";

export interface ObservabilityProps {
  config: ResponderConfig;
  functions: Record<LambdaName, lambda.IFunction>;
  runQueue: sqs.IQueue;
  deadLetterQueues: Record<string, sqs.IQueue>;
  topic: sns.ITopic;
}

const FIVE_MINUTES = Duration.minutes(5);

export function customMetric(name: string, statistic: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: SERVICE_NAME },
    statistic,
    period,
  });
}

export class Observability extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    const { config } = props;
    const prefix = selfAlarmPrefix(config);
    const notify = new actions.SnsAction(props.topic);
    const alarm = (id: string, name: string, options: Omit<cloudwatch.AlarmProps, "alarmName">) => {
      const a = new cloudwatch.Alarm(this, id, {
        alarmName: `${prefix}${name}`,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        ...options,
      });
      a.addAlarmAction(notify);
      this.alarms.push(a);
      return a;
    };

    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, `${name}-errors`, {
        alarmDescription: `The ${name} function failed (errors, timeouts or crashes) in the last 5 minutes.`,
        metric: fn.metricErrors({ period: FIVE_MINUTES, statistic: "Sum" }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      alarm(`${name}Depth`, `${name}-depth`, {
        alarmDescription: `Messages are waiting in ${name}: something the responder received was not processed.`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          period: FIVE_MINUTES,
          statistic: "Maximum",
        }),
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      });
    }
    alarm("RunQueueStalled", "run-queue-stalled", {
      alarmDescription:
        "The oldest work command waited longer than a worker retry cycle: the worker is stuck.",
      metric: props.runQueue.metricApproximateAgeOfOldestMessage({
        period: FIVE_MINUTES,
        statistic: "Maximum",
      }),
      threshold: runVisibilityTimeout(config).toSeconds(),
      evaluationPeriods: 2,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
    const stuck = customMetric(METRIC.stuckApprovals, "Sum", Duration.minutes(15));
    alarm("StuckApprovals", "stuck-approvals", {
      alarmDescription: `An approval waited more than ${config.approvalTimeoutMinutes} minutes and was escalated.`,
      metric: stuck,
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    });
    const duration = customMetric(METRIC.graphRunDuration, "p95", Duration.minutes(15));
    const slowRun = graphRunAlarmSeconds(config);
    alarm("GraphRunDuration", "graph-run-duration", {
      alarmDescription: `p95 graph run took longer than ${slowRun} s (the worker times out at ${config.workerTimeoutMinutes * 60} s).`,
      metric: duration,
      threshold: slowRun * 1000,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      dashboardName: `${config.resourcePrefix}-responder`,
      defaultInterval: Duration.hours(6),
    });
    const fns = Object.entries(props.functions);
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: "Responder alarms",
        alarms: this.alarms,
        width: 24,
        height: 4,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Invocations",
        left: fns.map(([n, f]) => f.metricInvocations({ label: n, period: FIVE_MINUTES })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Errors",
        left: fns.map(([n, f]) => f.metricErrors({ label: n, period: FIVE_MINUTES })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Duration p95 (ms)",
        left: fns.map(([n, f]) => f.metricDuration({ label: n, statistic: "p95", period: FIVE_MINUTES })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: "Graph run duration (ms)",
        left: [
          customMetric(METRIC.graphRunDuration, "p50", FIVE_MINUTES).with({ label: "p50" }),
          customMetric(METRIC.graphRunDuration, "p95", FIVE_MINUTES).with({ label: "p95" }),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Stuck approvals (escalated by the sweeper)",
        left: [customMetric(METRIC.stuckApprovals, "Sum", FIVE_MINUTES)],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: "Queues",
        left: [
          props.runQueue.metricApproximateNumberOfMessagesVisible({
            label: "work queue",
            period: FIVE_MINUTES,
          }),
          ...Object.entries(props.deadLetterQueues).map(([n, q]) =>
            q.metricApproximateNumberOfMessagesVisible({ label: n, period: FIVE_MINUTES }),
          ),
        ],
        right: [
          props.runQueue.metricApproximateAgeOfOldestMessage({
            label: "oldest command (s)",
            period: FIVE_MINUTES,
          }),
        ],
        width: 8,
      }),
    );
  }
}
