import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { awsError, TEST_CLIENT_CONFIG } from "./test-support.js";
import { atExpression, SchedulerWakeups, scheduledMinute, wakeupScheduleName } from "./wakeups.js";

const scheduler = mockClient(SchedulerClient);
const client = new SchedulerClient(TEST_CLIENT_CONFIG);
const options = {
  groupName: "air-wakeups",
  queueArn: "arn:aws:sqs:eu-west-1:123456789012:air-run.fifo",
  roleArn: "arn:aws:iam::123456789012:role/air-scheduler",
};
const at = new Date("2026-03-01T12:04:30.250Z");
const message = JSON.stringify({ kind: "wake", incidentId: "inc-1", at: at.toISOString() });

beforeEach(() => scheduler.reset());

describe("SchedulerWakeups", () => {
  it("creates a one-time schedule to the FIFO queue, grouped by incident, deleted after it runs", async () => {
    scheduler.on(CreateScheduleCommand).resolves({ ScheduleArn: "arn:x" });
    await new SchedulerWakeups(client, options).schedule({ incidentId: "inc-1", at, message });
    const input = scheduler.commandCalls(CreateScheduleCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      Name: wakeupScheduleName("inc-1", at),
      GroupName: "air-wakeups",
      ScheduleExpression: "at(2026-03-01T12:05:00)",
      ScheduleExpressionTimezone: "UTC",
      FlexibleTimeWindow: { Mode: "OFF" },
      ActionAfterCompletion: "DELETE",
      Target: {
        Arn: options.queueArn,
        RoleArn: options.roleArn,
        Input: message,
        SqsParameters: { MessageGroupId: "inc-1" },
      },
    });
    expect(input?.ClientToken).toBe(input?.Name);
    expect(input?.Name?.length).toBeLessThanOrEqual(64);
    expect(input?.Name).toMatch(/^[0-9a-zA-Z._-]+$/);
  });

  it("is a no-op when the same wake-up was already scheduled (a retried invocation)", async () => {
    scheduler.on(CreateScheduleCommand).rejects(awsError("ConflictException", "schedule exists", 409));
    await expect(
      new SchedulerWakeups(client, options).schedule({ incidentId: "inc-1", at, message }),
    ).resolves.toBeUndefined();
  });

  it("names the action and schedule when scheduling is denied", async () => {
    scheduler.on(CreateScheduleCommand).rejects(awsError("AccessDeniedException", "not authorized", 403));
    await expect(
      new SchedulerWakeups(client, options).schedule({ incidentId: "inc-1", at, message }),
    ).rejects.toThrow(/scheduler:CreateSchedule/);
  });

  it("derives names from incident and time, and never schedules early", () => {
    expect(wakeupScheduleName("inc-1", at)).toBe(wakeupScheduleName("inc-1", new Date(at)));
    expect(wakeupScheduleName("inc-1", at)).not.toBe(wakeupScheduleName("inc-2", at));
    expect(wakeupScheduleName("inc-1", at)).not.toBe(wakeupScheduleName("inc-1", new Date(+at + 1)));
    expect(scheduledMinute(new Date("2026-03-01T12:05:00Z")).toISOString()).toBe("2026-03-01T12:05:00.000Z");
    expect(scheduledMinute(new Date("2026-03-01T12:05:00.001Z")).toISOString()).toBe(
      "2026-03-01T12:06:00.000Z",
    );
    expect(atExpression(new Date("2026-03-01T12:06:00Z"))).toBe("at(2026-03-01T12:06:00)");
  });
});
