import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  GetQueryResultsCommand,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { mockClient } from "aws-sdk-client-mock";
import { awsError, fakeClock, TEST_CLIENT_CONFIG } from "../test-support.js";
import { toFilterPattern, toInsightsCondition } from "./filter.js";
import { insightsQueryString } from "./insights.js";
import { parseLevel } from "./level.js";
import { CloudWatchLogs } from "./logs.js";

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient(TEST_CLIENT_CONFIG);
const start = new Date("2026-03-01T12:00:00Z");
const at = (s: number) => start.getTime() + s * 1000;
const event = (s: number, message: string, stream = "ecs/checkout/abc") => ({
  timestamp: at(s),
  message,
  logStreamName: stream,
});

beforeEach(() => logs.reset());

/** DescribeLogGroups finds exactly these groups. */
function existingGroups(names: string[]): void {
  logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix?: string }) =>
    Promise.resolve({
      logGroups: names
        .filter((n) => n === input.logGroupNamePrefix)
        .map((logGroupName) => ({ logGroupName })),
    }),
  );
}
/** The service's groups include one a deployment's prefixes leave out. */
const AUDIT_TOO = { byService: { checkout: ["/ecs/checkout-audit"] }, discover: async () => [] };

describe("CloudWatchLogs with FilterLogEvents", () => {
  it("pages through a group and returns lines oldest first with parsed levels", async () => {
    logs
      .on(FilterLogEventsCommand)
      .resolvesOnce({
        events: [event(1, "INFO [main] started\n"), event(2, "ERROR [http-1] boom")],
        nextToken: "t2",
      })
      .resolvesOnce({ events: [event(3, '{"level":"warn","msg":"slow"}')] });
    const out = await new CloudWatchLogs(client).query({
      logGroup: "/ecs/checkout",
      start,
      end: new Date(at(600)),
      filter: "java.lang.OutOfMemoryError -health",
    });
    expect(out).toEqual([
      {
        time: "2026-03-01T12:00:01.000Z",
        logGroup: "/ecs/checkout",
        stream: "ecs/checkout/abc",
        level: "INFO",
        message: "INFO [main] started",
      },
      {
        time: "2026-03-01T12:00:02.000Z",
        logGroup: "/ecs/checkout",
        stream: "ecs/checkout/abc",
        level: "ERROR",
        message: "ERROR [http-1] boom",
      },
      {
        time: "2026-03-01T12:00:03.000Z",
        logGroup: "/ecs/checkout",
        stream: "ecs/checkout/abc",
        level: "WARN",
        message: '{"level":"warn","msg":"slow"}',
      },
    ]);
    const calls = logs.commandCalls(FilterLogEventsCommand);
    expect(calls[0]?.args[0].input).toMatchObject({
      logGroupIdentifier: "/ecs/checkout",
      startTime: at(0),
      endTime: at(600) - 1,
      filterPattern: '"java.lang.OutOfMemoryError" -"health"',
    });
    expect(calls[1]?.args[0].input.nextToken).toBe("t2");
  });

  it("keeps the newest `limit` lines, searching the later half of a busy window first", async () => {
    // 100 lines a second for 10 minutes; the query wants the newest 5.
    logs
      .on(FilterLogEventsCommand)
      .callsFake((input: { startTime: number; endTime: number; nextToken?: string }) => {
        const from = Math.ceil(input.startTime / 10) * 10;
        const page = Number(input.nextToken ?? 0);
        const events = [];
        for (let t = from + page * 10 * 500; t <= input.endTime && events.length < 500; t += 10) {
          events.push({ timestamp: t, message: `line ${t}`, logStreamName: "s" });
        }
        const more = from + (page + 1) * 10 * 500 <= input.endTime;
        return Promise.resolve({ events, ...(more ? { nextToken: String(page + 1) } : {}) });
      });
    const out = await new CloudWatchLogs(client, { minWindowMs: 1_000 }).query({
      logGroup: "/ecs/checkout",
      start,
      end: new Date(at(600)),
      limit: 5,
    });
    expect(out.map((e) => e.message)).toEqual(
      [at(600) - 50, at(600) - 40, at(600) - 30, at(600) - 20, at(600) - 10].map((t) => `line ${t}`),
    );
    // Bisection reads far fewer than the 60,000 lines of the window.
    expect(logs.commandCalls(FilterLogEventsCommand).length).toBeLessThan(40);
  });

  it("finds a service's groups by convention, skipping groups that do not exist", async () => {
    logs.on(DescribeLogGroupsCommand).callsFake((input: { logGroupNamePrefix?: string }) =>
      Promise.resolve({
        logGroups:
          input.logGroupNamePrefix === "/ecs/checkout"
            ? [{ logGroupName: "/ecs/checkout" }, { logGroupName: "/ecs/checkout-worker" }]
            : [],
      }),
    );
    logs
      .on(FilterLogEventsCommand, { logGroupIdentifier: "/ecs/checkout" })
      .resolves({ events: [event(5, "ERROR x")] });
    logs
      .on(FilterLogEventsCommand, { logGroupIdentifier: "/aws/lambda/checkout-fn" })
      .resolves({ events: [event(4, "START RequestId: 1 Version: 3")] });
    const adapter = new CloudWatchLogs(client, {
      groups: { discover: async () => ["/aws/lambda/checkout-fn"] },
    });
    logs
      .on(DescribeLogGroupsCommand, { logGroupNamePrefix: "/aws/lambda/checkout-fn" })
      .resolves({ logGroups: [{ logGroupName: "/aws/lambda/checkout-fn" }] });
    const out = await adapter.query({ service: "checkout", start, end: new Date(at(60)) });
    expect(out.map((e) => [e.logGroup, e.level])).toEqual([
      ["/aws/lambda/checkout-fn", "INFO"],
      ["/ecs/checkout", "ERROR"],
    ]);
    expect(await adapter.groups.groupsOf("checkout")).toEqual(["/aws/lambda/checkout-fn", "/ecs/checkout"]);
  });

  it("skips a found group IAM refuses (outside the log group prefixes) and names it as a gap", async () => {
    existingGroups(["/ecs/checkout", "/ecs/checkout-audit"]);
    logs
      .on(FilterLogEventsCommand, { logGroupIdentifier: "/ecs/checkout" })
      .resolves({ events: [event(5, "ERROR x")] });
    logs
      .on(FilterLogEventsCommand, { logGroupIdentifier: "/ecs/checkout-audit" })
      .rejects(awsError("AccessDeniedException", "not authorized to perform: logs:FilterLogEvents"));
    const adapter = new CloudWatchLogs(client, { groups: AUDIT_TOO });
    const read = await adapter.queryWithGaps({ service: "checkout", start, end: new Date(at(60)) });
    expect(read.events.map((e) => e.logGroup)).toEqual(["/ecs/checkout"]);
    expect(read.gaps.map((g) => g.logGroup)).toEqual(["/ecs/checkout-audit"]);
    expect(read.gaps[0]?.reason).toMatch(/AccessDeniedException: logs:FilterLogEvents was denied/);
    // The plain query continues too; a group asked for by name is still an error.
    expect(await adapter.query({ service: "checkout", start, end: new Date(at(60)) })).toHaveLength(1);
    await expect(
      adapter.query({ logGroup: "/ecs/checkout-audit", start, end: new Date(at(60)) }),
    ).rejects.toThrow(/AccessDenied/);
  });

  it("asks group by group when an Insights query is refused for one group of the batch", async () => {
    existingGroups(["/ecs/checkout", "/ecs/checkout-audit"]);
    logs
      .on(StartQueryCommand)
      .callsFake((input: { logGroupNames?: string[] }) =>
        input.logGroupNames?.includes("/ecs/checkout-audit")
          ? Promise.reject(awsError("AccessDeniedException", "not authorized to perform: logs:StartQuery"))
          : Promise.resolve({ queryId: "q-ok" }),
      );
    logs.on(GetQueryResultsCommand).resolves({ status: "Complete", results: [] });
    const adapter = new CloudWatchLogs(client, {
      groups: AUDIT_TOO,
      clock: fakeClock(),
      insightsAboveMs: 1_000,
    });
    const read = await adapter.queryWithGaps({ service: "checkout", start, end: new Date(at(7_200)) });
    expect(read.gaps.map((g) => g.logGroup)).toEqual(["/ecs/checkout-audit"]);
    expect(logs.commandCalls(StartQueryCommand).length).toBe(3);
  });

  it("reports a named group that does not exist, and a query with neither group nor service", async () => {
    logs
      .on(FilterLogEventsCommand)
      .rejects(awsError("ResourceNotFoundException", "The specified log group does not exist."));
    const adapter = new CloudWatchLogs(client);
    await expect(adapter.query({ logGroup: "/ecs/nope", start, end: new Date(at(60)) })).rejects.toThrow(
      /log group \/ecs\/nope was not found in eu-west-1 \(calling logs:FilterLogEvents\)/,
    );
    await expect(adapter.query({ start, end: new Date(at(60)) })).rejects.toThrow(
      /needs a logGroup or a service/,
    );
  });
});

describe("CloudWatchLogs with Logs Insights", () => {
  it("runs one query for a long window and polls until it completes", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q-1" });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: "Running" })
      .resolvesOnce({ status: "Running" })
      .resolvesOnce({
        status: "Complete",
        results: [
          [
            { field: "@timestamp", value: "2026-03-01 15:00:02.000" },
            { field: "@message", value: "ERROR newest" },
            { field: "@logStream", value: "s1" },
            { field: "@log", value: "123456789012:/ecs/checkout" },
          ],
          [
            { field: "@timestamp", value: "2026-03-01 13:00:00.500" },
            { field: "@message", value: "WARN older" },
            { field: "@log", value: "123456789012:/ecs/checkout" },
          ],
        ],
      });
    const clock = fakeClock();
    const out = await new CloudWatchLogs(client, { clock, insightsPollMs: 2_000 }).query({
      logGroup: "/ecs/checkout",
      start,
      end: new Date(at(6 * 3600)),
      filter: "ERROR ?timeout ?refused",
      limit: 50,
    });
    expect(out).toEqual([
      {
        time: "2026-03-01T13:00:00.500Z",
        logGroup: "/ecs/checkout",
        stream: "",
        level: "WARN",
        message: "WARN older",
      },
      {
        time: "2026-03-01T15:00:02.000Z",
        logGroup: "/ecs/checkout",
        stream: "s1",
        level: "ERROR",
        message: "ERROR newest",
      },
    ]);
    expect(clock.sleeps).toEqual([2_000, 2_000]);
    const input = logs.commandCalls(StartQueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      logGroupNames: ["/ecs/checkout"],
      startTime: at(0) / 1000,
      endTime: at(6 * 3600) / 1000,
      limit: 50,
    });
    expect(input?.queryString).toContain(
      "| filter @message like /(?i)ERROR/ and (@message like /(?i)timeout/ or @message like /(?i)refused/)",
    );
    expect(logs.commandCalls(FilterLogEventsCommand)).toHaveLength(0);
  });

  it("stops a query that outlives the bounded wait and says what to do", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q-2" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Running" });
    logs.on(StopQueryCommand).resolves({ success: true });
    const clock = fakeClock();
    await expect(
      new CloudWatchLogs(client, { clock, insightsMaxWaitMs: 10_000, insightsPollMs: 1_000 }).query({
        logGroup: "/ecs/checkout",
        start,
        end: new Date(at(24 * 3600)),
      }),
    ).rejects.toThrow(/did not finish within 10 s \(stopped\); narrow the window/);
    expect(logs.commandCalls(StopQueryCommand)).toHaveLength(1);
    expect(clock.sleeps.length).toBeLessThanOrEqual(10);
  });
});

describe("filters and levels", () => {
  it("quotes terms for filter patterns and passes JSON patterns through", () => {
    expect(toFilterPattern(undefined)).toBeUndefined();
    expect(toFilterPattern('HTTP/1.1 "connection refused" ?503')).toBe(
      '"HTTP/1.1" "connection refused" ?"503"',
    );
    expect(toFilterPattern('{ $.level = "ERROR" }')).toBe('{ $.level = "ERROR" }');
    expect(toFilterPattern('say "a\\"b"')).toBe('"say" "a\\"b"');
  });

  it("escapes regex characters in Insights conditions", () => {
    expect(toInsightsCondition("a.b/c")).toBe("@message like /(?i)a\\.b\\/c/");
    expect(insightsQueryString(undefined, 10)).toBe(
      "fields @timestamp, @message, @logStream, @log\n| sort @timestamp desc\n| limit 10",
    );
  });

  it("parses levels from JSON, key=value, brackets, words and Lambda platform lines", () => {
    expect(parseLevel('{"severity":"CRITICAL","m":1}')).toBe("FATAL");
    expect(parseLevel("ts=1 level=warning msg=x")).toBe("WARN");
    expect(parseLevel("2026/03/01 12:00:00 [error] 12#0: upstream timed out")).toBe("ERROR");
    expect(parseLevel("2026-03-01 12:00:00.123 DEBUG 1 --- [main] c.e.App : hi")).toBe("DEBUG");
    expect(parseLevel("REPORT RequestId: 1\tDuration: 3 ms")).toBe("INFO");
    expect(parseLevel("2026-03-01T12:00:00Z abc Task timed out after 3.00 seconds")).toBe("ERROR");
    expect(parseLevel("plain text without a level")).toBeUndefined();
  });
});
