/**
 * Targets and parameters of the access and edge actions, which act on a resource *related* to the suspect:
 * the security group of its database, the role its function runs with, the IP set in front of its load
 * balancer. The link comes from structure and recorded evidence only: a change triage found on the service
 * that touched a resource of the right type, and that resource's declared relation (`attachedTo`, `usedBy`,
 * `associatedWith`) to a suspect or another resource of the incident's service. Flood sources come from the
 * web ACL's request records (flood-sources.ts), never from application log wording.
 */
import type { ChangeEvent, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { Triage } from "../triage/schema.js";
import { measureFloodSources } from "./flood-sources.js";

const list = (r: ResourceDescription, key: string) =>
  String(r.attributes[key] ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** The attribute that names what a security resource serves. */
const RELATION: Readonly<Record<string, string>> = {
  "security-group": "attachedTo",
  "iam-role": "usedBy",
  "waf-ip-set": "associatedWith",
};

/** Types whose target is found through a recorded change (access restores undo a change). */
const CHANGE_DRIVEN = new Set(["security-group", "iam-role"]);

/** How far back a change may be and still explain the incident. */
const CHANGE_WINDOW_MS = 6 * 60 * 60_000;

export interface RelatedContext {
  triage: Triage;
  suspects: ResourceDescription[];
}

/** Ids the incident covers: suspects, their groups, and every resource of the incident's service. */
async function blastIds(ports: Ports, ctx: RelatedContext): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const s of ctx.suspects) {
    ids.add(s.id);
    if (s.group) ids.add(s.group);
  }
  for (const r of await ports.resources.listByService(ctx.triage.service)) ids.add(r.id);
  return ids;
}

/** Changes triage found on the service, newest first, resolved from the change feed. */
async function recentChanges(ports: Ports, triage: Triage): Promise<ChangeEvent[]> {
  const now = ports.clock.now();
  const since = new Date(now.getTime() - CHANGE_WINDOW_MS);
  const feed = await ports.changes.list({ service: triage.service, since, until: now });
  return triage.recentChanges.flatMap((id) => feed.filter((c) => c.id === id));
}

/**
 * The security resource of `targetType` an action should act on, or undefined. Security groups and roles:
 * the newest recent change that touched one related to the incident. IP sets: the one set whose web ACL
 * protects a load balancer of the incident's service (never a guess between several).
 */
export async function relatedTarget(
  ports: Ports,
  targetType: string,
  ctx: RelatedContext,
): Promise<ResourceDescription | undefined> {
  const relation = RELATION[targetType];
  if (!relation) return undefined;
  const ids = await blastIds(ports, ctx);
  const related = (r: ResourceDescription) => list(r, relation).some((id) => ids.has(id));
  if (CHANGE_DRIVEN.has(targetType)) {
    for (const change of await recentChanges(ports, ctx.triage)) {
      const r = await ports.resources.describe(change.resourceId);
      if (r?.type === targetType && related(r)) return r;
    }
    return undefined;
  }
  const services = new Set([ctx.triage.service, ...ctx.suspects.map((s) => s.service)]);
  const sets: ResourceDescription[] = [];
  for (const service of services) {
    for (const r of await ports.resources.listByService(service)) {
      if (r.type === targetType && related(r) && !sets.some((s) => s.id === r.id)) sets.push(r);
    }
  }
  return sets.length === 1 ? sets[0] : undefined;
}

/** Minutes of WAF records a flood measurement reads: the recent traffic mix, not the hour before it. */
const FLOOD_WINDOW_MINUTES = 5;

export type SecurityParams = { params: Record<string, unknown>; note?: string } | { skip: string };

/**
 * Parameters the evidence decides for the access and edge actions, or why the action does not apply. Other
 * actions get `{ params: {} }`.
 */
export async function securityParams(
  ports: Ports,
  actionId: string,
  target: ResourceDescription,
  ctx: RelatedContext & { logCategory?: string },
): Promise<SecurityParams> {
  switch (actionId) {
    case "waf-block-ip-set": {
      const logGroup = String(target.attributes.logGroup ?? "");
      if (!logGroup) return { skip: `${target.id} has no WAF logging destination to measure sources from` };
      const end = ports.clock.now();
      const start = new Date(end.getTime() - FLOOD_WINDOW_MINUTES * 60_000);
      const records = await ports.logs.query({ logGroup, start, end, limit: 10_000 });
      const measure = measureFloodSources(records, list(target, "neverBlock"), list(target, "addresses"));
      if (!measure.found) return { skip: `waf-block-ip-set: ${measure.reason}` };
      return { params: { AddAddresses: measure.sources.join(",") }, note: measure.basis };
    }
    case "sg-restore-ingress-rule": {
      // Restore only a path between our own tiers: the revoked rule's source group serves the incident's service.
      const source = list(target, "revokedRules")[0]?.split(":")[2] ?? "";
      const ids = await blastIds(ports, ctx);
      const sourceGroup = source.startsWith("sg-") ? await ports.resources.describe(source) : undefined;
      if (!sourceGroup || !list(sourceGroup, "attachedTo").some((id) => ids.has(id))) {
        return {
          skip: `sg-restore-ingress-rule: the revoked rule's source ${source || "(none)"} is not a group of ${ctx.triage.service}'s resources, so it did not carry the failing traffic`,
        };
      }
      // The rule exactly as recorded: the template may not change protocol, ports or source.
      const [protocol = "", portRange = "", recorded = ""] =
        list(target, "revokedRules")[0]?.split(":") ?? [];
      const [from = "", to = ""] = portRange.split("-");
      return {
        params: {
          GroupId: target.id,
          IpProtocol: protocol,
          FromPort: Number(from),
          ToPort: Number(to),
          Source: recorded,
        },
        note: `the change feed recorded ${list(target, "revokedRules")[0]} as revoked from ${target.id}`,
      };
    }
    case "iam-reattach-role-policy": {
      // The newest recorded detach, by name and owner (the catalogue takes no ARN).
      const arn = list(target, "detachedPolicies")[0];
      const m = arn ? /^arn:aws[a-z-]*:iam::(aws|\d{12}):policy(\/(?:.*\/)?)([^/]+)$/.exec(arn) : null;
      if (!m) return { skip: `iam-reattach-role-policy: no detach recorded on ${target.id}` };
      return {
        params: {
          RoleName: target.id,
          PolicyName: m[3],
          Scope: m[1] === "aws" ? "AWS" : "Local",
          PolicyPath: m[2],
        },
        note: `the change feed recorded ${arn} as detached from ${target.id}`,
      };
    }
    case "ec2-isolate-instance":
      if (ctx.logCategory !== "security") {
        return {
          skip: "ec2-isolate-instance: no security finding in the evidence; a busy instance is not contained",
        };
      }
      return { params: {} };
    default:
      return { params: {} };
  }
}
