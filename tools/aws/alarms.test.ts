import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { CloudWatchAlarms } from "./alarms.js";
import { awsError, TEST_CLIENT_CONFIG } from "./test-support.js";

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient(TEST_CLIENT_CONFIG);
const arn = (name: string) => `arn:aws:cloudwatch:eu-west-1:123456789012:alarm:${name}`;

function alarm(name: string, extra: Record<string, unknown> = {}) {
  return {
    AlarmName: name,
    AlarmArn: arn(name),
    StateValue: "ALARM" as const,
    Namespace: "AWS/ApplicationELB",
    MetricName: "HTTPCode_Target_5XX_Count",
    Dimensions: [{ Name: "TargetGroup", Value: "targetgroup/checkout-tg/1" }],
    Threshold: 10,
    ComparisonOperator: "GreaterThanThreshold" as const,
    StateUpdatedTimestamp: new Date("2026-03-01T12:00:00Z"),
    ...extra,
  };
}

beforeEach(() => cw.reset());

describe("CloudWatchAlarms", () => {
  it("describes one metric alarm, with its service from its tags", async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm("checkout-5xx")] });
    cw.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: "Service", Value: "checkout" }] });
    const summary = await new CloudWatchAlarms(client).describe("checkout-5xx");
    expect(summary).toEqual({
      name: "checkout-5xx",
      state: "ALARM",
      namespace: "AWS/ApplicationELB",
      metric: "HTTPCode_Target_5XX_Count",
      dimensions: { TargetGroup: "targetgroup/checkout-tg/1" },
      threshold: 10,
      comparison: "GreaterThanThreshold",
      service: "checkout",
      updatedAt: "2026-03-01T12:00:00.000Z",
    });
    expect(cw.commandCalls(DescribeAlarmsCommand)[0]?.args[0].input).toMatchObject({
      AlarmNames: ["checkout-5xx"],
      AlarmTypes: ["MetricAlarm"],
    });
  });

  it("returns undefined for an unknown alarm", async () => {
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [] });
    expect(await new CloudWatchAlarms(client).describe("nope")).toBeUndefined();
  });

  it("lists every page with a state filter and filters by service via tags", async () => {
    cw.on(DescribeAlarmsCommand)
      .resolvesOnce({ MetricAlarms: [alarm("a")], NextToken: "n1" })
      .resolvesOnce({
        MetricAlarms: [
          alarm("b", {
            MetricName: undefined,
            Namespace: undefined,
            Dimensions: undefined,
            Metrics: [
              { Id: "e1", Expression: "m1/m2", ReturnData: true },
              {
                Id: "m1",
                MetricStat: {
                  Metric: { Namespace: "AWS/Lambda", MetricName: "Errors", Dimensions: [] },
                  Period: 60,
                  Stat: "Sum",
                },
                ReturnData: false,
              },
            ],
          }),
        ],
      });
    cw.on(ListTagsForResourceCommand, { ResourceARN: arn("a") }).resolves({
      Tags: [{ Key: "service", Value: "checkout" }],
    });
    cw.on(ListTagsForResourceCommand, { ResourceARN: arn("b") }).resolves({
      Tags: [{ Key: "service", Value: "search" }],
    });
    const alarms = new CloudWatchAlarms(client);
    const all = await alarms.list({ state: "ALARM" });
    expect(all.map((a) => [a.name, a.service, a.metric])).toEqual([
      ["a", "checkout", "HTTPCode_Target_5XX_Count"],
      ["b", "search", "Errors"],
    ]);
    const calls = cw.commandCalls(DescribeAlarmsCommand);
    expect(calls[0]?.args[0].input.StateValue).toBe("ALARM");
    expect(calls[1]?.args[0].input.NextToken).toBe("n1");
    cw.on(DescribeAlarmsCommand).resolves({ MetricAlarms: [alarm("a"), alarm("b")] });
    expect((await alarms.list({ service: "search" })).map((a) => a.name)).toEqual(["b"]);
    // Tags are cached: two alarms, two lookups in all.
    expect(cw.commandCalls(ListTagsForResourceCommand)).toHaveLength(2);
  });

  it("skips tag lookups for long lists and falls back to the ECS ServiceName dimension", async () => {
    cw.on(DescribeAlarmsCommand).resolves({
      MetricAlarms: [
        alarm("x", {
          Namespace: "AWS/ECS",
          MetricName: "CPUUtilization",
          Dimensions: [{ Name: "ServiceName", Value: "web" }],
        }),
      ],
    });
    const [x] = await new CloudWatchAlarms(client, { maxTagLookups: 0 }).list();
    expect(x?.service).toBe("web");
    expect(cw.commandCalls(ListTagsForResourceCommand)).toHaveLength(0);
  });

  it("explains a missing permission", async () => {
    cw.on(DescribeAlarmsCommand).rejects(
      awsError("AccessDenied", "not authorized to perform cloudwatch:DescribeAlarms"),
    );
    await expect(new CloudWatchAlarms(client).list()).rejects.toThrow(
      /cloudwatch:DescribeAlarms was denied on metric alarms in eu-west-1/,
    );
  });
});
