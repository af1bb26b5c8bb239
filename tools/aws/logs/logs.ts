/**
 * LogsPort over CloudWatch Logs. Like the simulated account it returns the newest `limit` matching lines,
 * oldest first. Short windows use `FilterLogEvents` per group, halving the window toward its newest part
 * when a pass finds more lines than it needs; windows longer than `insightsAboveMs` use Logs Insights.
 */
import { type CloudWatchLogsClient, FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { AwsAdapterError, awsCall, classifyAwsError, isNotFound } from "../../aws-shared/errors.js";
import type { LogEvent } from "../../domain/index.js";
import type { ClockPort, LogGap, LogQuery, LogsPort } from "../../ports.js";
import { chunks, mapLimit } from "../util.js";
import { isStructuredPattern, toFilterPattern } from "./filter.js";
import { runInsightsQuery } from "./insights.js";
import { parseLevel } from "./level.js";
import { LogGroupResolver, type LogGroupsOptions } from "./log-groups.js";

export interface CloudWatchLogsOptions {
  /** How a service's log groups are found (or a resolver to share). */
  groups?: LogGroupsOptions | LogGroupResolver;
  /** Windows longer than this use Logs Insights. Default 3 hours. */
  insightsAboveMs?: number;
  /** Longest wait for one Insights query. Default 60 s. */
  insightsMaxWaitMs?: number;
  /** Delay between Insights polls. Default 1 s. */
  insightsPollMs?: number;
  /** Time source and sleep for polling (tests inject a fake one). Default: the real clock. */
  clock?: Pick<ClockPort, "now" | "sleep">;
  /** At most this many FilterLogEvents pages per window. Default 20. */
  maxPagesPerWindow?: number;
  /** Windows are not split below this. Default 60 s. */
  minWindowMs?: number;
}

/** CloudWatch Logs returns at most 10,000 events per call and Insights at most 10,000 rows. */
export const MAX_LOG_EVENTS = 10_000;

const realClock = {
  now: () => new Date(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

interface Window {
  group: string;
  pattern: string | undefined;
  /** Whether a missing group is an error (asked for by name) or skipped (found by convention). */
  explicit: boolean;
  /** Groups skipped because IAM refused them. */
  gaps: LogGap[];
}

const isAccessDenied = (err: unknown) => classifyAwsError(err)?.kind === "access-denied";

export class CloudWatchLogs implements LogsPort {
  readonly groups: LogGroupResolver;
  private readonly insightsAboveMs: number;
  private readonly maxPages: number;
  private readonly minWindowMs: number;
  private readonly clock: Pick<ClockPort, "now" | "sleep">;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly options: CloudWatchLogsOptions = {},
  ) {
    this.groups =
      options.groups instanceof LogGroupResolver
        ? options.groups
        : new LogGroupResolver(client, options.groups);
    this.insightsAboveMs = options.insightsAboveMs ?? 3 * 3_600_000;
    this.maxPages = options.maxPagesPerWindow ?? 20;
    this.minWindowMs = options.minWindowMs ?? 60_000;
    this.clock = options.clock ?? realClock;
  }

  async query(query: LogQuery): Promise<LogEvent[]> {
    return (await this.queryWithGaps(query)).events;
  }

  /**
   * Groups found for a service (not named by the caller) that IAM refuses — with `air:logGroupPrefixes`,
   * DescribeLogGroups still finds groups outside the prefixes — are skipped and reported as gaps.
   */
  async queryWithGaps(query: LogQuery): Promise<{ events: LogEvent[]; gaps: LogGap[] }> {
    const gaps: LogGap[] = [];
    const events = await this.run(query, gaps);
    return { events, gaps };
  }

  private async run(query: LogQuery, gaps: LogGap[]): Promise<LogEvent[]> {
    const limit = Math.min(Math.max(1, query.limit ?? MAX_LOG_EVENTS), MAX_LOG_EVENTS);
    const start = query.start.getTime();
    const end = query.end.getTime();
    if (end <= start) return [];
    let groups: string[];
    if (query.logGroup) groups = [query.logGroup];
    else if (query.service) groups = await this.groups.groupsOf(query.service);
    else {
      throw new AwsAdapterError(
        "InvalidQuery: a log query on AWS needs a logGroup or a service (searching every log group is not supported)",
        "invalid",
        "InvalidQuery",
        "logs:FilterLogEvents",
        "log query",
      );
    }
    if (groups.length === 0) return [];

    let events: LogEvent[];
    if (end - start > this.insightsAboveMs && !isStructuredPattern(query.filter)) {
      const insights = (batch: string[]) =>
        runInsightsQuery(
          this.client,
          { groups: batch, start: query.start, end: query.end, filter: query.filter, limit },
          {
            maxWaitMs: this.options.insightsMaxWaitMs ?? 60_000,
            pollMs: this.options.insightsPollMs ?? 1_000,
            clock: this.clock,
          },
        );
      const batches = await mapLimit(chunks(groups, 50), 2, async (batch) => {
        try {
          return await insights(batch);
        } catch (err) {
          if (query.logGroup !== undefined || !isAccessDenied(err)) throw err;
          // One refused group fails the whole query: ask group by group, noting the refused ones.
          const each = await mapLimit(batch, 2, async (group) => {
            try {
              return await insights([group]);
            } catch (e) {
              if (!isAccessDenied(e)) throw e;
              gaps.push({ logGroup: group, reason: (e as Error).message });
              return [];
            }
          });
          return each.flat();
        }
      });
      events = batches.flat();
    } else {
      const pattern = toFilterPattern(query.filter);
      const perGroup = await mapLimit(groups, 4, (group) =>
        this.newest({ group, pattern, explicit: query.logGroup !== undefined, gaps }, start, end, limit),
      );
      events = perGroup.flat();
    }
    events.sort((a, b) => a.time.localeCompare(b.time));
    return events.slice(Math.max(0, events.length - limit));
  }

  /**
   * The newest `need` events of one group in [from, to). A pass that finds more than it can keep splits the
   * window and searches the later half first, so work goes to the lines that will be returned.
   */
  private async newest(w: Window, from: number, to: number, need: number): Promise<LogEvent[]> {
    const splittable = to - from > this.minWindowMs;
    const cap = Math.max(need * 2, 500);
    let events: LogEvent[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    let overflow = false;
    do {
      const page = await this.page(w, from, to, Math.min(cap, MAX_LOG_EVENTS), nextToken);
      if (page === undefined) return [];
      events.push(...page.events);
      nextToken = page.nextToken;
      pages++;
      if (splittable && events.length > cap && nextToken) {
        overflow = true;
        break;
      }
      if (!splittable && events.length > need) events = events.slice(events.length - need);
    } while (nextToken && pages < this.maxPages);

    if (overflow) {
      const mid = from + Math.floor((to - from) / 2);
      const later = await this.newest(w, mid, to, need);
      if (later.length >= need) return later.slice(later.length - need);
      const earlier = await this.newest(w, from, mid, need - later.length);
      return [...earlier, ...later];
    }
    events.sort((a, b) => a.time.localeCompare(b.time));
    return events.slice(Math.max(0, events.length - need));
  }

  private async page(w: Window, from: number, to: number, limit: number, nextToken: string | undefined) {
    try {
      const res = await awsCall(
        {
          action: "logs:FilterLogEvents",
          resource: `log group ${w.group}`,
          region: () => this.client.config.region(),
        },
        () =>
          this.client.send(
            new FilterLogEventsCommand({
              logGroupIdentifier: w.group,
              startTime: from,
              // FilterLogEvents includes endTime; the port's window excludes its end.
              endTime: to - 1,
              filterPattern: w.pattern,
              nextToken,
              limit,
            }),
          ),
      );
      const events: LogEvent[] = (res.events ?? []).map((e) => {
        const message = (e.message ?? "").replace(/\r?\n$/, "");
        const level = parseLevel(message);
        return {
          time: new Date(e.timestamp ?? 0).toISOString(),
          logGroup: w.group,
          stream: e.logStreamName ?? "",
          ...(level ? { level } : {}),
          message,
        };
      });
      return { events, nextToken: res.nextToken };
    } catch (err) {
      // A group found by convention may have been deleted since it was resolved: skip it.
      if (!w.explicit && isNotFound(err)) return undefined;
      // Or lie outside what IAM lets the responder read: skip it and say so.
      if (!w.explicit && isAccessDenied(err)) {
        w.gaps.push({ logGroup: w.group, reason: (err as Error).message });
        return undefined;
      }
      throw err;
    }
  }
}
