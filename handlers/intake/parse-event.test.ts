import { describe, expect, it } from "vitest";
import { type Alert, AlertSchema } from "../../tools/domain/alert.js";
import { fixtureNames, loadFixture } from "./fixtures/load.js";
import { SUPPRESSED_BY_TAG } from "./normalise/alarm.js";
import { parseEvent } from "./parse-event.js";

interface Expected {
  kind: string;
  alarmName: string;
  state: Alert["state"];
  region: string;
  time: string;
  accountId?: string;
  metric?: { namespace: string; name: string };
  service?: string;
}

/** Key fields of every AWS sample; SSM automation events are not intake events (see below). */
const AWS_EVENTS: Record<string, Expected> = {
  "cloudwatch-alarm-state-change-metric.json": {
    kind: "eventbridge-alarm",
    alarmName: "ServerCpuTooHigh",
    state: "ALARM",
    region: "us-east-1",
    time: "2019-10-02T17:04:40.989Z",
    metric: { namespace: "AWS/EC2", name: "CPUUtilization" },
  },
  "cloudwatch-alarm-state-change-metric-math.json": {
    kind: "eventbridge-alarm",
    alarmName: "TotalNetworkTrafficTooHigh",
    state: "ALARM",
    region: "us-east-1",
    time: "2019-10-02T17:20:48.554Z",
    metric: { namespace: "AWS/EC2", name: "NetworkIn" },
  },
  "cloudwatch-alarm-state-change-anomaly-detection.json": {
    kind: "eventbridge-alarm",
    alarmName: "EC2 CPU Utilization Anomaly",
    state: "ALARM",
    region: "us-east-1",
    time: "2019-10-03T16:00:04.653Z",
    metric: { namespace: "AWS/EC2", name: "CPUUtilization" },
  },
  "cloudwatch-alarm-state-change-composite-with-suppressor.json": {
    kind: "eventbridge-alarm",
    alarmName: "ServiceAggregatedAlarm",
    state: "ALARM",
    region: "us-east-1",
    time: "2022-07-22T15:57:45.394Z",
  },
  "sns-lambda-event-cloudwatch-alarm-single-metric.json": {
    kind: "sns-alarm",
    alarmName: "EXAMPLE",
    state: "ALARM",
    region: "unknown",
    time: "2015-06-03T17:43:27.123Z",
    accountId: "123456789012",
    metric: { namespace: "AWS/EC2", name: "NetworkOut" },
  },
  "sns-lambda-event-cloudwatch-alarm-multiple-metrics.json": {
    kind: "sns-alarm",
    alarmName: "EXAMPLE",
    state: "ALARM",
    region: "unknown",
    time: "2015-06-03T17:43:27.123Z",
    metric: { namespace: "AWS/EC2", name: "NetworkOut" },
  },
  "ec2-instance-state-change-notification.json": {
    kind: "ec2-state-change",
    alarmName: "EC2 instance i-1234567890abcdef0",
    state: "ALARM",
    region: "us-west-1",
    time: "2017-12-22T18:43:48.000Z",
  },
  "ec2-instance-state-change-notification-ec2-guide-no-version.json": {
    kind: "ec2-state-change",
    alarmName: "EC2 instance i-abcd1111",
    state: "INSUFFICIENT_DATA",
    region: "us-east-1",
    time: "2021-11-11T21:29:54.000Z",
  },
  "ecs-deployment-state-change-in-progress.json": {
    kind: "ecs-deployment",
    alarmName: "ECS deployment of servicetest",
    state: "INSUFFICIENT_DATA",
    region: "us-west-2",
    time: "2020-05-23T12:31:14.000Z",
    service: "servicetest",
  },
  "ecs-deployment-state-change-in-progress-rollback.json": {
    kind: "ecs-deployment",
    alarmName: "ECS deployment of servicetest",
    state: "INSUFFICIENT_DATA",
    region: "us-west-2",
    time: "2020-05-23T12:31:14.000Z",
    service: "servicetest",
  },
  "ecs-deployment-state-change-completed.json": {
    kind: "ecs-deployment",
    alarmName: "ECS deployment of servicetest",
    state: "OK",
    region: "us-west-2",
    time: "2020-05-23T12:31:14.000Z",
    service: "servicetest",
  },
  "ecs-deployment-state-change-failed.json": {
    kind: "ecs-deployment",
    alarmName: "ECS deployment of servicetest",
    state: "ALARM",
    region: "us-west-2",
    time: "2020-05-23T12:31:14.000Z",
    service: "servicetest",
  },
  "aws-health-event-public-ec2-operational-issue.json": {
    kind: "aws-health",
    alarmName: "AWS Health AWS_EC2_OPERATIONAL_ISSUE",
    state: "ALARM",
    region: "af-south-1",
    time: "2023-01-27T09:01:22.000Z",
  },
  "aws-health-event-account-specific-elb-api-issue.json": {
    kind: "aws-health",
    alarmName: "AWS Health AWS_ELASTICLOADBALANCING_API_ISSUE",
    state: "ALARM",
    region: "ap-southeast-2",
    time: "2022-06-10T05:01:10.000Z",
  },
  "aws-health-event-ec2-instance-retirement-scheduled.json": {
    kind: "aws-health",
    alarmName: "AWS Health AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED",
    state: "ALARM",
    region: "us-east-1",
    time: "2026-01-27T13:44:13.000Z",
  },
};

const AUTHORED: Record<string, Expected> = {
  "alarm-action-metric.json": {
    kind: "alarm-action",
    alarmName: "checkout-api-5xx-high",
    state: "ALARM",
    region: "eu-west-1",
    time: "2024-03-14T09:26:53.123Z",
    accountId: "111122223333",
    metric: { namespace: "AWS/ApplicationELB", name: "HTTPCode_Target_5XX_Count" },
  },
  "alarm-action-composite.json": {
    kind: "alarm-action",
    alarmName: "checkout-degraded",
    state: "ALARM",
    region: "us-east-1",
    time: "2024-03-14T09:27:01.900Z",
  },
  "sns-lambda-event-real-region.json": {
    kind: "sns-alarm",
    alarmName: "orders-queue-backlog",
    state: "ALARM",
    region: "us-east-1",
    time: "2024-03-14T09:21:07.512Z",
    accountId: "111122223333",
    metric: { namespace: "AWS/SQS", name: "ApproximateNumberOfMessagesVisible" },
  },
};

function only(input: unknown): Alert & { kind: string } {
  const result = parseEvent(input);
  if (!result.ok) throw new Error(`${result.error.message} (${result.error.path})`);
  expect(result.alerts).toHaveLength(1);
  expect(AlertSchema.parse(result.alerts[0])).toEqual(result.alerts[0]);
  return { ...(result.alerts[0] as Alert), kind: result.kind };
}

function check(alert: Alert & { kind: string }, expected: Expected) {
  expect(alert.kind).toBe(expected.kind);
  expect(alert.alarmName).toBe(expected.alarmName);
  expect(alert.state).toBe(expected.state);
  expect(alert.region).toBe(expected.region);
  expect(alert.time).toBe(expected.time);
  expect(alert.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  if (expected.accountId) expect(alert.accountId).toBe(expected.accountId);
  if (expected.service) expect(alert.service).toBe(expected.service);
  if (expected.metric) expect(alert.metric).toMatchObject(expected.metric);
  else expect(alert.metric).toBeUndefined();
  expect(alert.fingerprint).toMatch(/^fp_[0-9a-f]{32}$/);
}

describe("parseEvent on the AWS documentation samples", () => {
  it("has an expectation for every copied sample", () => {
    const intakeSamples = fixtureNames("aws-events").filter((n) => !n.startsWith("ssm-"));
    expect(intakeSamples.sort()).toEqual(Object.keys(AWS_EVENTS).sort());
  });

  it.each(Object.entries(AWS_EVENTS))("%s", (name, expected) => {
    check(only(loadFixture("aws-events", name)), expected);
  });

  it.each(Object.entries(AUTHORED))("authored %s", (name, expected) => {
    check(only(loadFixture("authored", name)), expected);
  });

  it.each(fixtureNames("aws-events").filter((n) => n.startsWith("ssm-")))(
    "%s is a known event intake does not take (clear error)",
    (name) => {
      const result = parseEvent(loadFixture("aws-events", name));
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.code).toBe("unsupported-event");
      expect(result.error.path).toBe('$["detail-type"]');
      expect(result.error.hint).toMatch(/CloudWatch Alarm State Change/);
    },
  );
});

describe("alarm details", () => {
  it("keeps threshold, statistic and period of a metric alarm, and the instance as a resource", () => {
    const alert = only(loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json"));
    expect(alert.metric).toEqual({
      namespace: "AWS/EC2",
      name: "CPUUtilization",
      dimensions: { InstanceId: "i-12345678901234567" },
      statistic: "Average",
      periodSeconds: 300,
      threshold: 50,
    });
    expect(alert.previousState).toBe("OK");
    expect(alert.id).toBe("c4c1c1c9-6542-e61b-6ef0-8c4d36933a92");
    expect(alert.resources).toContain("arn:aws:ec2:us-east-1:123456789012:instance/i-12345678901234567");
  });

  it("anomaly detection keeps the returned metric, not the band expression", () => {
    const alert = only(loadFixture("aws-events", "cloudwatch-alarm-state-change-anomaly-detection.json"));
    expect(alert.metric).toMatchObject({ name: "CPUUtilization", statistic: "Average", periodSeconds: 60 });
  });

  it("composite alarms carry their suppression state and triggering alarms", () => {
    const alert = only(
      loadFixture("aws-events", "cloudwatch-alarm-state-change-composite-with-suppressor.json"),
    );
    expect(alert.tags[SUPPRESSED_BY_TAG]).toBe("WaitPeriod");
    expect(alert.resources).toContain("arn:aws:cloudwatch:us-east-1:123456789012:alarm:ServerCpuTooHigh");
  });

  it("SNS: maps the Region display name, Statistic casing and comparison", () => {
    const alert = only(loadFixture("authored", "sns-lambda-event-real-region.json"));
    expect(alert.id).toBe("4f3c1d2e-7a8b-5c6d-9e0f-1a2b3c4d5e6f");
    expect(alert.previousState).toBe("OK");
    expect(alert.metric).toMatchObject({
      statistic: "Maximum",
      threshold: 1000,
      comparison: "GreaterThanThreshold",
    });
    expect(alert.resources).toContain("arn:aws:sqs:us-east-1:111122223333:orders");
  });

  it.each([
    ["EU (Ireland)", "eu-west-1"],
    ["Asia Pacific (Sydney)", "ap-southeast-2"],
    ["EXAMPLE", "us-east-1"],
  ])("SNS Region %j → %s (falls back to the alarm ARN)", (region, code) => {
    const event = loadFixture("authored", "sns-lambda-event-real-region.json") as {
      Records: { Sns: { Message: string } }[];
    };
    const record = event.Records[0];
    if (!record) throw new Error("fixture has no record");
    const message = JSON.parse(record.Sns.Message) as Record<string, unknown>;
    record.Sns.Message = JSON.stringify({ ...message, Region: region });
    expect(only(event).region).toBe(code);
  });

  it("alarm-action payloads get a stable derived id (no event id in the payload)", () => {
    const a = only(loadFixture("authored", "alarm-action-metric.json"));
    const b = only(loadFixture("authored", "alarm-action-metric.json"));
    expect(a.id).toMatch(/^act_[0-9a-f]{32}$/);
    expect(a.id).toBe(b.id);
  });

  it("accepts JSON text and a bare SNS notification", () => {
    const event = loadFixture("authored", "sns-lambda-event-real-region.json") as {
      Records: { Sns: unknown }[];
    };
    const viaText = only(JSON.stringify(event));
    const bare = only(event.Records[0]?.Sns);
    expect(bare.fingerprint).toBe(viaText.fingerprint);
  });
});

describe("fingerprints", () => {
  it("are the same for ALARM and OK of one alarm, and across delivery ids and times", () => {
    const event = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json") as {
      id: string;
      detail: { state: Record<string, unknown> };
    };
    const alarm = only(event);
    event.id = "another-delivery";
    event.detail.state = {
      ...event.detail.state,
      value: "OK",
      reason: "fine",
      timestamp: "2019-10-02T18:00:00.000+0000",
    };
    const ok = only(event);
    expect(ok.state).toBe("OK");
    expect(ok.fingerprint).toBe(alarm.fingerprint);
  });

  it("differ between alarms, accounts and regions", () => {
    const base = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json");
    const fp = (patch: Record<string, unknown>) => only({ ...base, ...patch }).fingerprint;
    const original = fp({});
    expect(fp({ account: "999999999999" })).not.toBe(original);
    expect(fp({ region: "eu-west-1" })).not.toBe(original);
    const renamed = { ...(base["detail"] as object), alarmName: "Other" };
    expect(fp({ detail: renamed })).not.toBe(original);
  });
});

describe("errors", () => {
  it("says what, where and what to do for a missing alarm state", () => {
    const event = loadFixture("aws-events", "cloudwatch-alarm-state-change-metric.json") as {
      detail: { state: Record<string, unknown> };
    };
    delete event.detail.state["value"];
    const result = parseEvent(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ code: "invalid-field", path: "$.detail.state.value" });
    expect(result.error.message).toMatch(/CloudWatch alarm state change .* required field is missing/);
    expect(result.error.hint).toMatch(/EventBridge/);
  });

  it("points into the SNS message for a bad alarm message", () => {
    const event = loadFixture("authored", "sns-lambda-event-real-region.json") as {
      Records: { Sns: { Message: string } }[];
    };
    const record = event.Records[0];
    if (!record) throw new Error("fixture has no record");
    record.Sns.Message = JSON.stringify({ ...JSON.parse(record.Sns.Message), NewStateValue: "BROKEN" });
    const result = parseEvent(event);
    expect(result.ok || result.error.path).toBe("$.Records[0].Sns.Message.NewStateValue");
  });

  it("reports non-JSON SNS messages", () => {
    const event = loadFixture("authored", "sns-lambda-event-real-region.json") as {
      Records: { Sns: { Message: string } }[];
    };
    const record = event.Records[0];
    if (!record) throw new Error("fixture has no record");
    record.Sns.Message = "Your alarm fired!";
    const result = parseEvent(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path).toBe("$.Records[0].Sns.Message");
    expect(result.error.message).toMatch(/Invalid JSON/);
  });

  it.each([
    [null, "unrecognised-shape"],
    [[1, 2], "unrecognised-shape"],
    ["{not json", "invalid-json"],
    [{ hello: "world" }, "unrecognised-shape"],
    [{ Records: [{ eventSource: "aws:sqs", body: "{}" }] }, "unsupported-event"],
    [{ "detail-type": 42 }, "invalid-field"],
  ])("%j → %s", (input, code) => {
    const result = parseEvent(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe(code);
  });

  it("rejects a bad timestamp with the accepted formats in the message", () => {
    const event = loadFixture("aws-events", "aws-health-event-public-ec2-operational-issue.json") as {
      detail: Record<string, unknown>;
    };
    event.detail["startTime"] = "last Tuesday";
    const result = parseEvent(event);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.path).toBe("$.detail.startTime");
    expect(result.error.message).toMatch(/RFC-1123/);
  });
});
