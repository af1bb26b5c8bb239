/**
 * Flood sources measured from the web ACL's own request records (AWS WAF logs: one JSON record per request,
 * `httpRequest.clientIp` being the TCP peer WAF saw). A source is a flood source only when the records show it
 * sending a large share of the requests that got through, the few such sources together carry most of the
 * traffic, and it is on no never-block list. Headers (X-Forwarded-For), URIs and any other text are never
 * read for addresses: a request, or a hostile log line, cannot name the address to block.
 */
import type { LogEvent } from "../../tools/domain/index.js";
import { isIpv4, neverBlockHit } from "../../tools/domain/index.js";

/** A source must send at least this share of the allowed requests. */
export const MIN_SOURCE_SHARE = 0.05;
/** The flood sources together must send at least this share: a flood is concentrated, a surge is not. */
export const MIN_FLOOD_SHARE = 0.3;
/** Fewer records than this are not a measurement. */
export const MIN_SAMPLES = 100;
/** The catalogue's limit per block. */
export const MAX_SOURCES = 20;

export type FloodMeasure =
  | { found: true; sources: string[]; share: number; samples: number; basis: string }
  | { found: false; reason: string };

/** The client address of one WAF log record that AWS WAF let through, or undefined. */
function allowedClient(message: string): string | undefined {
  let record: unknown;
  try {
    record = JSON.parse(message);
  } catch {
    return undefined;
  }
  if (typeof record !== "object" || record === null) return undefined;
  const r = record as { action?: unknown; httpRequest?: { clientIp?: unknown } };
  const ip = r.httpRequest?.clientIp;
  return r.action === "ALLOW" && typeof ip === "string" && isIpv4(ip) ? ip : undefined;
}

/**
 * Measures flood sources in WAF log records. `neverBlock` is the set's own list (partners, health checks, our
 * NAT and load balancer addresses); special-purpose ranges are always excluded.
 */
export function measureFloodSources(
  records: readonly LogEvent[],
  neverBlock: readonly string[],
  alreadyBlocked: readonly string[] = [],
): FloodMeasure {
  const counts = new Map<string, number>();
  let total = 0;
  for (const e of records) {
    const ip = allowedClient(e.message);
    if (!ip) continue;
    total += 1;
    counts.set(ip, (counts.get(ip) ?? 0) + 1);
  }
  if (total < MIN_SAMPLES)
    return { found: false, reason: `only ${total} WAF request record(s); at least ${MIN_SAMPLES} needed` };
  const heavy = [...counts.entries()]
    .filter(([, n]) => n / total >= MIN_SOURCE_SHARE)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const share = heavy.reduce((a, [, n]) => a + n, 0) / total;
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  if (heavy.length === 0 || share < MIN_FLOOD_SHARE) {
    return {
      found: false,
      reason: `no concentrated sources: ${heavy.length} client(s) above ${pct(MIN_SOURCE_SHARE)} carry ${pct(share)} of ${total} requests (a flood needs ${pct(MIN_FLOOD_SHARE)}); the traffic is broad`,
    };
  }
  if (heavy.length > MAX_SOURCES)
    return { found: false, reason: `${heavy.length} heavy sources: more than one block may cover` };
  const sources: string[] = [];
  const excluded: string[] = [];
  for (const [ip] of heavy) {
    const hit = neverBlockHit(ip, neverBlock);
    if (hit) excluded.push(`${ip} (never-block ${hit})`);
    else if (!alreadyBlocked.includes(`${ip}/32`)) sources.push(`${ip}/32`);
  }
  if (excluded.length > 0) {
    return {
      found: false,
      reason: `the heavy sources include never-block addresses (${excluded.join(", ")}): a human decides`,
    };
  }
  if (sources.length === 0) return { found: false, reason: "every heavy source is already blocked" };
  return {
    found: true,
    sources: sources.sort(),
    share,
    samples: total,
    basis: `${heavy.length} client(s) sent ${pct(share)} of ${total} allowed requests in the WAF logs`,
  };
}
