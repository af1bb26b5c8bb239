/**
 * Logs Insights for large windows: one `StartQuery` over up to 50 groups (newest lines first, server-side
 * limit), then `GetQueryResults` polled with an injected sleep until it completes or a deadline passes.
 */
import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  type ResultField,
  StartQueryCommand,
  StopQueryCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { AwsAdapterError, awsCall } from "../../aws-shared/errors.js";
import type { LogEvent } from "../../domain/index.js";
import { toInsightsCondition } from "./filter.js";
import { parseLevel } from "./level.js";

export interface InsightsOptions {
  /** Longest wait for one query. Default 60 s. */
  maxWaitMs: number;
  /** Delay between polls. Default 1 s. */
  pollMs: number;
  clock: { now(): Date; sleep(ms: number): Promise<void> };
}

export interface InsightsQuery {
  groups: string[];
  start: Date;
  end: Date;
  filter?: string;
  limit: number;
}

/** Insights prints @timestamp as `2024-05-01 12:00:00.123` (UTC). */
function insightsTime(value: string): number {
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(" ", "T")}Z`);
}

export function insightsQueryString(filter: string | undefined, limit: number): string {
  const condition = toInsightsCondition(filter);
  return [
    "fields @timestamp, @message, @logStream, @log",
    ...(condition ? [`| filter ${condition}`] : []),
    "| sort @timestamp desc",
    `| limit ${limit}`,
  ].join("\n");
}

function toEvent(row: ResultField[]): { ms: number; event: LogEvent } | undefined {
  const field = (name: string) => row.find((f) => f.field === name)?.value;
  const ts = field("@timestamp");
  const message = field("@message");
  if (ts === undefined || message === undefined) return undefined;
  const ms = insightsTime(ts);
  if (Number.isNaN(ms)) return undefined;
  const level = parseLevel(message);
  return {
    ms,
    event: {
      time: new Date(ms).toISOString(),
      // @log is `<account id>:<log group name>`.
      logGroup: (field("@log") ?? "").replace(/^\d+:/, ""),
      stream: field("@logStream") ?? "",
      ...(level ? { level } : {}),
      message,
    },
  };
}

/** Runs one Insights query; events oldest first, the newest `limit` of them. */
export async function runInsightsQuery(
  client: CloudWatchLogsClient,
  query: InsightsQuery,
  options: InsightsOptions,
): Promise<LogEvent[]> {
  const where = `log groups ${query.groups.join(", ")}`;
  const ctx = (action: string) => ({ action, resource: where, region: () => client.config.region() });
  const started = await awsCall(ctx("logs:StartQuery"), () =>
    client.send(
      new StartQueryCommand({
        logGroupNames: query.groups,
        startTime: Math.floor(query.start.getTime() / 1000),
        endTime: Math.ceil(query.end.getTime() / 1000),
        queryString: insightsQueryString(query.filter, query.limit),
        limit: query.limit,
      }),
    ),
  );
  const queryId = started.queryId ?? "";
  const deadline = options.clock.now().getTime() + options.maxWaitMs;
  for (;;) {
    const res = await awsCall(ctx("logs:GetQueryResults"), () =>
      client.send(new GetQueryResultsCommand({ queryId })),
    );
    if (res.status === "Complete") {
      const from = query.start.getTime();
      const to = query.end.getTime();
      const events = (res.results ?? [])
        .map(toEvent)
        .filter((e): e is { ms: number; event: LogEvent } => e !== undefined && e.ms >= from && e.ms < to)
        .sort((a, b) => a.ms - b.ms)
        .map((e) => e.event);
      return events.slice(Math.max(0, events.length - query.limit));
    }
    if (res.status === "Failed" || res.status === "Cancelled" || res.status === "Timeout") {
      throw new AwsAdapterError(
        `QueryFailed: Logs Insights query ${queryId} over ${where} ended ${res.status}; narrow the time window or the filter`,
        "other",
        `Query${res.status}`,
        "logs:GetQueryResults",
        where,
      );
    }
    if (options.clock.now().getTime() + options.pollMs > deadline) {
      await client.send(new StopQueryCommand({ queryId })).catch(() => undefined);
      throw new AwsAdapterError(
        `QueryTimeout: Logs Insights query ${queryId} over ${where} did not finish within ` +
          `${Math.round(options.maxWaitMs / 1000)} s (stopped); narrow the window or the filter, or raise insightsMaxWaitMs`,
        "other",
        "QueryTimeout",
        "logs:GetQueryResults",
        where,
      );
    }
    await options.clock.sleep(options.pollMs);
  }
}
