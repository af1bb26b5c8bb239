/**
 * Pre-check for scale-out: capacity added for a flood from a handful of addresses only serves the attacker
 * faster (and bills for it). When a web ACL in front of the service logs a blockable flood (a few clients
 * sending most of the allowed requests, none on the never-block list), more instances are not the fix;
 * the block is. Measured from the WAF's own request records (flood-sources.ts), never from log wording.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { measureFloodSources } from "./flood-sources.js";

/** Minutes of WAF records read: the recent traffic mix (as the block itself measures it). */
const WINDOW_MINUTES = 5;

const list = (r: ResourceDescription, key: string) =>
  String(r.attributes[key] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** Why scaling `target` out would feed a flood, or undefined when no ACL of its service logs one. */
export async function notAFlood(ports: Ports, target: ResourceDescription): Promise<string | undefined> {
  const end = ports.clock.now();
  const start = new Date(end.getTime() - WINDOW_MINUTES * 60_000);
  for (const set of await ports.resources.listByService(target.service)) {
    const logGroup = String(set.attributes.logGroup ?? "");
    if (set.type !== "waf-ip-set" || !logGroup) continue;
    const records = await ports.logs.query({ logGroup, start, end, limit: 10_000 });
    const measure = measureFloodSources(records, list(set, "neverBlock"), list(set, "addresses"));
    if (measure.found) {
      return `${measure.basis} of ${set.id}'s web ACL: a flood from ${measure.sources.length} address(es), not demand; more capacity would serve it`;
    }
  }
  return undefined;
}
