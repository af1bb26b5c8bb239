/**
 * The timer behind durable waits. SQS FIFO has no per-message delay, so a wake-up is an EventBridge
 * Scheduler one-time schedule (`at(...)`, deleted after it runs) that sends the wake command to the work
 * queue with the incident id as message group. Schedules live in a group of their own; Scheduler sends
 * with a role that may only `sqs:SendMessage` to the work queue; the worker may only create schedules in
 * that group and pass that role (to Scheduler). See `tools/aws/wakeups.ts` and infra/README.md.
 */
import { Aws, RemovalPolicy } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as scheduler from "aws-cdk-lib/aws-scheduler";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";

export interface WakeupsProps {
  /** The FIFO work queue the wake commands go to. */
  workQueue: sqs.IQueue;
}

export class Wakeups extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** The role EventBridge Scheduler assumes to deliver a wake-up. */
  readonly schedulerRole: iam.Role;

  constructor(scope: Construct, id: string, props: WakeupsProps) {
    super(scope, id);
    // Removing the stack removes pending wake-ups with the group; the incidents' checkpoints stay.
    this.group = new scheduler.ScheduleGroup(this, "Group", { removalPolicy: RemovalPolicy.DESTROY });
    this.schedulerRole = new iam.Role(this, "SchedulerRole", {
      description: "air wake-ups: EventBridge Scheduler sends wake commands to the work queue",
      assumedBy: new iam.ServicePrincipal("scheduler.amazonaws.com", {
        // Confused-deputy protection: only this account's schedules may use the role.
        conditions: { StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID } },
      }),
    });
    this.schedulerRole.addToPolicy(
      new iam.PolicyStatement({
        sid: "SendWakeups",
        actions: ["sqs:SendMessage"],
        resources: [props.workQueue.queueArn],
      }),
    );
  }

  /** Schedules in the group, by name (`schedule/<group>/<name>`). */
  schedulesArn(): string {
    return `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule/${this.group.scheduleGroupName}/*`;
  }

  /** What the worker needs: create schedules in the group, and hand the scheduler role to Scheduler only. */
  workerStatements(): iam.PolicyStatement[] {
    return [
      new iam.PolicyStatement({
        sid: "CreateWakeups",
        actions: ["scheduler:CreateSchedule"],
        resources: [this.schedulesArn()],
      }),
      new iam.PolicyStatement({
        sid: "PassWakeupRole",
        actions: ["iam:PassRole"],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { "iam:PassedToService": "scheduler.amazonaws.com" } },
      }),
    ];
  }
}
