/**
 * The edge in front of our load balancers: which client sends how much this minute, what the WAF web ACLs
 * block, and the WAF logs (one JSON record per sampled request, in `aws-waf-logs-<web ACL>`, the format AWS
 * WAF writes). Ordinary users come from a large pool of addresses, each sending a little; a flood registers
 * its own clients. The responder measures flood sources from these records, never from application wording.
 */
import { hex, intBetween, pick, streamFor } from "./random.js";
import { cidrContains } from "./security.js";
import type { World } from "./world.js";
import { isoAt, MINUTE_MS, minuteMs, serviceEffects } from "./world.js";

/** One abusive client of a service this minute. */
export interface EdgeClient {
  ip: string;
  requestsPerMinute: number;
  userAgent: string;
  path: string;
}

/** Clients faults register this minute, by service; cleared after the WAF logs are written. */
const flooders = new WeakMap<World, Map<string, EdgeClient[]>>();

export function registerFlood(world: World, service: string, client: EdgeClient): void {
  let byService = flooders.get(world);
  if (!byService) {
    byService = new Map();
    flooders.set(world, byService);
  }
  byService.set(service, [...(byService.get(service) ?? []), client]);
}

/** Whether a WAF IP set on a web ACL in front of the service's load balancer blocks the address. */
export function blockedAtEdge(world: World, service: string, ip: string): boolean {
  return [...world.ipSets.values()].some(
    (s) =>
      s.associatedWith.some((lb) => world.loadBalancers.get(lb)?.service === service) &&
      s.addresses.some((cidr) => cidrContains(cidr, ip)),
  );
}

const FIRST_OCTETS = [24, 31, 45, 62, 73, 81, 92, 98, 101, 145, 174, 176, 185, 212];
const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
];

/** The i-th address of the ordinary user pool (stable per world). */
function userAddress(world: World, i: number): string {
  const r = streamFor(world.seed, "edge-user", i);
  return `${pick(r, FIRST_OCTETS)}.${intBetween(r, 0, 255)}.${intBetween(r, 0, 255)}.${intBetween(r, 1, 254)}`;
}

/** WAF log records sampled per load balancer and minute. */
const SAMPLES = 30;
/** Requests per minute an ordinary user sends. */
const USER_RATE = 20;

/** Writes this minute's WAF log records for every web ACL with an IP set and an associated load balancer. */
export function writeWafLogs(world: World, minute: number): void {
  const byService = flooders.get(world) ?? new Map<string, EdgeClient[]>();
  for (const set of world.ipSets.values()) {
    for (const lbName of set.associatedWith) {
      const lb = world.loadBalancers.get(lbName);
      const service = lb ? world.services.get(lb.service) : undefined;
      if (!lb || !service) continue;
      const flood = byService.get(service.name) ?? [];
      const floodRate = flood.reduce((a, c) => a + c.requestsPerMinute, 0);
      const total = service.traffic.requestsPerMinute * serviceEffects(world, service.name).trafficFactor;
      const blockedFlood = flood
        .filter((c) => blockedAtEdge(world, service.name, c.ip))
        .reduce((a, c) => a + c.requestsPerMinute, 0);
      // trafficFactor counts what reaches the targets; blocked flood requests come on top at the edge.
      const users = Math.max(0, total - (floodRate - blockedFlood));
      const pool = Math.max(50, Math.round(users / USER_RATE));
      const rand = streamFor(world.seed, "waf-log", lbName, minute);
      const acl = `arn:aws:wafv2:${world.region}:${world.account}:regional/webacl/${set.webAcl}/${hex(streamFor(world.seed, "acl", set.webAcl), 8)}`;
      for (let n = 0; n < SAMPLES; n++) {
        let x = rand() * (users + floodRate);
        let client: EdgeClient | undefined;
        for (const c of flood) {
          if (x < c.requestsPerMinute) {
            client = c;
            break;
          }
          x -= c.requestsPerMinute;
        }
        const ip = client?.ip ?? userAddress(world, intBetween(rand, 0, pool - 1));
        const blocked = blockedAtEdge(world, service.name, ip);
        const ms = minuteMs(world, minute) + Math.floor(rand() * (MINUTE_MS - 1));
        const record = {
          timestamp: ms,
          formatVersion: 1,
          webaclId: acl,
          terminatingRuleId: blocked ? `${set.name}-block` : "Default_Action",
          terminatingRuleType: "REGULAR",
          action: blocked ? "BLOCK" : "ALLOW",
          httpSourceName: "ALB",
          httpSourceId: `${world.account}-${lbName}`,
          httpRequest: {
            clientIp: ip,
            country: "US",
            headers: [{ name: "User-Agent", value: client?.userAgent ?? pick(rand, BROWSERS) }],
            uri: client?.path ?? pick(rand, ["/", "/api/v1/home", "/api/v1/items", "/static/app.js"]),
            args: "",
            httpVersion: "HTTP/1.1",
            httpMethod: "GET",
            requestId: hex(rand, 24),
          },
        };
        world.logs.push({
          time: isoAt(ms),
          logGroup: `aws-waf-logs-${set.webAcl}`,
          stream: `${world.region}_${set.webAcl}_0`,
          message: JSON.stringify(record),
        });
      }
    }
  }
  flooders.delete(world);
}
