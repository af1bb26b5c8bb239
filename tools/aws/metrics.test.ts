import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { mockClient } from "aws-sdk-client-mock";
import { AwsAdapterError } from "../aws-shared/errors.js";
import { CloudWatchMetrics, normaliseStat } from "./metrics.js";
import { awsError, TEST_CLIENT_CONFIG } from "./test-support.js";

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient(TEST_CLIENT_CONFIG);
const start = new Date("2026-03-01T12:00:00Z");
const end = new Date("2026-03-01T12:05:00Z");
const t = (m: number) => new Date(start.getTime() + m * 60_000);

beforeEach(() => cw.reset());

describe("CloudWatchMetrics", () => {
  it("asks for one metric and joins every page, oldest first", async () => {
    cw.on(GetMetricDataCommand)
      .resolvesOnce({
        MetricDataResults: [
          { Id: "m0", Timestamps: [t(0), t(1)], Values: [10, 20], StatusCode: "PartialData" },
        ],
        NextToken: "page-2",
      })
      .resolvesOnce({
        MetricDataResults: [{ Id: "m0", Timestamps: [t(3), t(2)], Values: [40, 30], StatusCode: "Complete" }],
      });
    const series = await new CloudWatchMetrics(client).getSeries({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { AutoScalingGroupName: "web-asg" },
      start,
      end,
      stat: "sum",
    });
    expect(series).toMatchObject({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      stat: "Sum",
      periodSeconds: 60,
    });
    expect(series.points.map((p) => p.value)).toEqual([10, 20, 30, 40]);
    expect(series.points[0]?.time).toBe("2026-03-01T12:00:00.000Z");
    const calls = cw.commandCalls(GetMetricDataCommand);
    expect(calls).toHaveLength(2);
    const first = calls[0]?.args[0].input;
    expect(first?.MetricDataQueries).toHaveLength(1);
    expect(first?.MetricDataQueries?.[0]?.MetricStat).toEqual({
      Metric: {
        Namespace: "AWS/EC2",
        MetricName: "CPUUtilization",
        Dimensions: [{ Name: "AutoScalingGroupName", Value: "web-asg" }],
      },
      Period: 60,
      Stat: "Sum",
    });
    expect(calls[1]?.args[0].input.NextToken).toBe("page-2");
  });

  it("defaults to Average and keeps percentiles as written", () => {
    expect(normaliseStat(undefined)).toBe("Average");
    expect(normaliseStat("average")).toBe("Average");
    expect(normaliseStat("p99")).toBe("p99");
  });

  it("refuses periods CloudWatch does not accept, without calling it", async () => {
    await expect(
      new CloudWatchMetrics(client).getSeries({
        namespace: "N",
        metric: "M",
        dimensions: {},
        start,
        end,
        periodSeconds: 90,
      }),
    ).rejects.toThrow(/period 90s/);
    expect(cw.calls()).toHaveLength(0);
  });

  it("turns a Forbidden result and AccessDenied into clear permission errors", async () => {
    cw.on(GetMetricDataCommand).resolvesOnce({
      MetricDataResults: [
        { Id: "m0", StatusCode: "Forbidden", Messages: [{ Code: "Forbidden", Value: "no access" }] },
      ],
    });
    const metrics = new CloudWatchMetrics(client);
    const q = {
      namespace: "AWS/ECS",
      metric: "CPUUtilization",
      dimensions: { ServiceName: "checkout" },
      start,
      end,
    };
    await expect(metrics.getSeries(q)).rejects.toThrow(
      /cloudwatch:GetMetricData was denied on metric AWS\/ECS\/CPUUtilization/,
    );
    cw.on(GetMetricDataCommand).rejects(awsError("AccessDenied", "not authorized"));
    const err = await metrics.getSeries(q).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsAdapterError);
    expect((err as AwsAdapterError).message).toContain('"cloudwatch:GetMetricData" on that resource');
    expect((err as AwsAdapterError).message).toContain("{ServiceName=checkout}");
  });
});
