/**
 * WakeupPort over EventBridge Scheduler: one one-time schedule (`at(...)`, UTC) per wake-up, targeting the
 * FIFO work queue with the incident id as message group, deleted by Scheduler once it has run
 * (`ActionAfterCompletion: DELETE`). SQS FIFO has no per-message delay, hence a scheduler.
 *
 * Idempotent: the schedule name (and client token) is derived from incident + wake-up time, so scheduling
 * the same wake-up again hits `ConflictException` and is a no-op; the message body carries the same
 * incident and time, and the queue's content-based deduplication turns a repeated delivery within five
 * minutes into one message. Scheduler runs one-time schedules with 60-second precision (somewhere within
 * the minute), so the time is rounded up to the next whole minute: a wake-up is never early, at most a
 * minute late, and the waiting nodes read the latest data when they wake.
 */
import { createHash } from "node:crypto";
import { CreateScheduleCommand, type SchedulerClient } from "@aws-sdk/client-scheduler";
import { awsCall, isAwsError } from "../aws-shared/errors.js";
import type { WakeupPort, WakeupRequestInput } from "../ports.js";

export interface SchedulerWakeupsOptions {
  /** The schedule group the worker may create schedules in. */
  groupName: string;
  /** ARN of the FIFO work queue. */
  queueArn: string;
  /** The role Scheduler assumes to send to the queue (sqs:SendMessage on that queue only). */
  roleArn: string;
  /** Retry window if the queue cannot be reached; the message is not lost within it. */
  maximumEventAgeSeconds?: number;
}

/** The first whole minute at or after `at` (Scheduler's precision is one minute). */
export function scheduledMinute(at: Date): Date {
  const minute = 60_000;
  return new Date(Math.ceil(at.getTime() / minute) * minute);
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC. */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

/** Schedule name (≤ 64 characters, [0-9a-zA-Z-_.]) derived from the incident and the wake-up time. */
export function wakeupScheduleName(incidentId: string, at: Date): string {
  const hash = createHash("sha256").update(`${incidentId}\n${at.toISOString()}`).digest("hex");
  return `air-wake-${hash.slice(0, 48)}`;
}

export class SchedulerWakeups implements WakeupPort {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: SchedulerWakeupsOptions,
  ) {}

  async schedule({ incidentId, at, message }: WakeupRequestInput): Promise<void> {
    const name = wakeupScheduleName(incidentId, at);
    const when = scheduledMinute(at);
    try {
      await awsCall(
        {
          action: "scheduler:CreateSchedule",
          resource: `schedule ${this.options.groupName}/${name}`,
          region: this.client.config.region,
        },
        () =>
          this.client.send(
            new CreateScheduleCommand({
              Name: name,
              GroupName: this.options.groupName,
              ClientToken: name,
              Description: `air: wake incident ${incidentId} at ${at.toISOString()}`.slice(0, 512),
              ScheduleExpression: atExpression(when),
              ScheduleExpressionTimezone: "UTC",
              FlexibleTimeWindow: { Mode: "OFF" },
              ActionAfterCompletion: "DELETE",
              State: "ENABLED",
              Target: {
                Arn: this.options.queueArn,
                RoleArn: this.options.roleArn,
                Input: message,
                SqsParameters: { MessageGroupId: incidentId },
                RetryPolicy: {
                  MaximumEventAgeInSeconds: this.options.maximumEventAgeSeconds ?? 86_400,
                  MaximumRetryAttempts: 185,
                },
              },
            }),
          ),
      );
    } catch (error) {
      // Already scheduled by an earlier attempt of this invocation's command: nothing more to do.
      if (isAwsError(error, "ConflictException")) return;
      throw error;
    }
  }
}
