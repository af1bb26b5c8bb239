/**
 * Which log groups belong to a service: names from a naming convention (`/ecs/{service}`...), explicit
 * lists, a discovery hook (e.g. the service's Lambda functions → `/aws/lambda/<fn>`), and optionally groups
 * tagged with the service. Candidates that do not exist are dropped; results are cached.
 */
import {
  type CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-cloudwatch-logs";
import { awsCall } from "../../aws-shared/errors.js";
import { mapLimit, TtlCache, tagValue } from "../util.js";

export interface LogGroupsOptions {
  /** Name patterns with `{service}`. Default `/ecs/{service}`, `/aws/ec2/{service}`, `/aws/lambda/{service}`. */
  patterns?: string[];
  /** Extra groups per service, used as well as the patterns. */
  byService?: Record<string, string[]>;
  /** More candidate groups, e.g. `/aws/lambda/<fn>` for each Lambda function of the service. */
  discover?: (service: string) => Promise<string[]>;
  /**
   * Also use groups tagged `<tag key>=<service>`: DescribeLogGroups (under `prefix`, at most `maxGroups`)
   * and one ListTagsForResource per group, cached. Off by default (it costs a call per group).
   */
  tagLookup?: { tagKeys?: string[]; prefix?: string; maxGroups?: number };
  /** How long resolved groups are cached. Default 5 minutes. */
  cacheMs?: number;
}

export const DEFAULT_LOG_GROUP_PATTERNS = ["/ecs/{service}", "/aws/ec2/{service}", "/aws/lambda/{service}"];

export class LogGroupResolver {
  private readonly cache: TtlCache<string, string[]>;
  private readonly tagIndex: TtlCache<"index", Map<string, string[]>>;

  constructor(
    private readonly client: CloudWatchLogsClient,
    private readonly options: LogGroupsOptions = {},
  ) {
    this.cache = new TtlCache(options.cacheMs ?? 300_000);
    this.tagIndex = new TtlCache(options.cacheMs ?? 300_000);
  }

  /** Existing log groups of a service, sorted. */
  groupsOf(service: string): Promise<string[]> {
    return this.cache.get(service, async () => {
      const patterns = this.options.patterns ?? DEFAULT_LOG_GROUP_PATTERNS;
      const candidates = new Set([
        ...patterns.map((p) => p.replaceAll("{service}", service)),
        ...(this.options.byService?.[service] ?? []),
        ...((await this.options.discover?.(service)) ?? []),
      ]);
      const existing = await mapLimit([...candidates], 5, async (g) =>
        (await this.exists(g)) ? g : undefined,
      );
      const tagged = this.options.tagLookup ? ((await this.taggedIndex()).get(service) ?? []) : [];
      return [...new Set([...existing.filter((g): g is string => g !== undefined), ...tagged])].sort();
    });
  }

  private async exists(group: string): Promise<boolean> {
    const res = await awsCall(this.ctx("logs:DescribeLogGroups", `log groups named ${group}`), () =>
      this.client.send(new DescribeLogGroupsCommand({ logGroupNamePrefix: group, limit: 50 })),
    );
    return (res.logGroups ?? []).some((g) => g.logGroupName === group);
  }

  private taggedIndex(): Promise<Map<string, string[]>> {
    return this.tagIndex.get("index", async () => {
      const lookup = this.options.tagLookup ?? {};
      const max = lookup.maxGroups ?? 500;
      const groups: { name: string; arn: string }[] = [];
      let nextToken: string | undefined;
      do {
        const page = await awsCall(
          this.ctx("logs:DescribeLogGroups", `log groups under ${lookup.prefix ?? "/"}`),
          () =>
            this.client.send(
              new DescribeLogGroupsCommand({ logGroupNamePrefix: lookup.prefix, nextToken, limit: 50 }),
            ),
        );
        for (const g of page.logGroups ?? []) {
          const arn = g.logGroupArn ?? g.arn?.replace(/:\*$/, "");
          if (g.logGroupName && arn) groups.push({ name: g.logGroupName, arn });
        }
        nextToken = groups.length < max ? page.nextToken : undefined;
      } while (nextToken);
      const index = new Map<string, string[]>();
      await mapLimit(groups.slice(0, max), 5, async (g) => {
        const res = await awsCall(this.ctx("logs:ListTagsForResource", `log group ${g.name}`), () =>
          this.client.send(new ListTagsForResourceCommand({ resourceArn: g.arn })),
        );
        const service = tagValue(res.tags ?? {}, lookup.tagKeys ?? ["service"]);
        if (service) index.set(service, [...(index.get(service) ?? []), g.name]);
      });
      return index;
    });
  }

  private ctx(action: string, resource: string) {
    return { action, resource, region: () => this.client.config.region() };
  }
}
