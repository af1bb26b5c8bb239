/**
 * Security-group rules named by a recorded EC2 call, in the catalogue's rule form
 * `<protocol>:<from>-<to>:<source>` (e.g. `tcp:5432-5432:sg-0a1b2c3d`), so a change's `from`/`to` can be
 * turned back into an `sg-restore-ingress-rule` request. The request's `ipPermissions` are read first; a
 * call that named rules only by id (`securityGroupRuleIds`) is read from the rules EC2 returned
 * (`revokedSecurityGroupRuleSet` / `securityGroupRuleSet` in the response elements).
 */

type Params = Record<string, unknown>;

const items = (v: unknown): Params[] => {
  const list = (v as { items?: unknown } | undefined)?.items;
  return Array.isArray(list) ? (list as Params[]) : [];
};
const text = (v: unknown): string | undefined =>
  typeof v === "string" && v !== "" ? v : typeof v === "number" ? String(v) : undefined;

/** AWS records protocols by name or number; the catalogue names tcp and udp. */
function protocol(v: unknown): string {
  const p = text(v) ?? "?";
  return p === "6" ? "tcp" : p === "17" ? "udp" : p === "-1" ? "all" : p;
}

function form(proto: unknown, from: unknown, to: unknown, source: string | undefined): string | undefined {
  if (!source) return undefined;
  const f = text(from) ?? "-1";
  const t = text(to) ?? f;
  return `${protocol(proto)}:${f}-${t}:${source}`;
}

/** Rules in the request's `ipPermissions` (one per source: range, IPv6 range or group). */
function fromRequest(req: Params): string[] {
  return items(req["ipPermissions"]).flatMap((p) => {
    const sources = [
      ...items(p["ipRanges"]).map((r) => text(r["cidrIp"])),
      ...items(p["ipv6Ranges"]).map((r) => text(r["cidrIpv6"])),
      ...items(p["groups"]).map((g) => text(g["groupId"])),
      ...items(p["prefixListIds"]).map((g) => text(g["prefixListId"])),
    ];
    return sources
      .map((s) => form(p["ipProtocol"], p["fromPort"], p["toPort"], s))
      .filter((r): r is string => r !== undefined);
  });
}

/** The rule set EC2 returned, wherever it sits in the response elements. */
function responseRules(res: Params, egress: boolean): string[] {
  const sets: Params[] = [];
  const walk = (v: unknown, depth: number) => {
    if (!v || typeof v !== "object" || depth > 3) return;
    for (const [k, x] of Object.entries(v as Params)) {
      if (k === "revokedSecurityGroupRuleSet" || k === "securityGroupRuleSet") sets.push(...items(x));
      else walk(x, depth + 1);
    }
  };
  walk(res, 0);
  return sets
    .filter((r) => String(r["isEgress"] ?? false) === String(egress))
    .map((r) => {
      const ref = (r["referencedGroupInfo"] as Params | undefined)?.["groupId"];
      const source = text(r["cidrIpv4"]) ?? text(r["cidrIpv6"]) ?? text(ref) ?? text(r["prefixListId"]);
      return form(r["ipProtocol"], r["fromPort"], r["toPort"], source);
    })
    .filter((r): r is string => r !== undefined);
}

/** The rules an Authorize/Revoke call added or removed, in the catalogue's form. */
export function recordedRules(req: Params, res: Params, egress: boolean): string[] {
  const rules = fromRequest(req);
  return [...new Set(rules.length > 0 ? rules : responseRules(res, egress))];
}
