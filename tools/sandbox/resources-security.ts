/**
 * Descriptions of the security resources as the responder sees them: a group's rules and what it is attached
 * to, a role's policies and who runs with it, an IP set's addresses, its association and its never-block
 * list. The previous configuration (revoked rules, detached policies) is read back from the change feed,
 * where the fault or executor recorded it, as an operator reads CloudTrail.
 */
import type { ChangeEvent, ResourceDescription } from "../domain/index.js";
import type { IpSetState, RoleState, SecurityGroupState } from "./security.js";
import { roleArn, ruleKey } from "./security.js";
import type { World } from "./world.js";

/** Removals recorded on a resource (`from` set, `to` unset), newest first, still missing now. */
function recordedRemovals(world: World, resourceIds: string[], present: string[]): string[] {
  const out: string[] = [];
  const removals = world.changes
    .filter((c: ChangeEvent) => resourceIds.includes(c.resourceId) && c.from && !c.to)
    .reverse();
  for (const c of removals) {
    for (const item of String(c.from).split(",")) {
      if (item && !present.includes(item) && !out.includes(item)) out.push(item);
    }
  }
  return out;
}

/** The target group of the first service resource that serves one (the signal an access restore brings back). */
function targetGroupOf(world: World, ids: string[], service: string): string | undefined {
  for (const id of ids) {
    const e = world.ecs.get(id);
    if (e) return e.targetGroup;
    const g = world.asgs.get(id);
    if (g?.targetGroup) return g.targetGroup;
    const i = world.instances.get(id);
    if (i?.targetGroup) return i.targetGroup;
  }
  for (const e of world.ecs.values()) if (e.service === service) return e.targetGroup;
  for (const g of world.asgs.values()) if (g.service === service && g.targetGroup) return g.targetGroup;
  return undefined;
}

function securityGroup(world: World, g: SecurityGroupState): ResourceDescription {
  const rules = g.rules.map(ruleKey);
  const revoked = recordedRemovals(world, [g.id], rules);
  const [protocol = "", ports = "", source = ""] = (revoked[0] ?? "").split(":");
  const [fromPort = "", toPort = ""] = ports.split("-");
  const tg = targetGroupOf(world, g.attachedTo, g.service);
  return {
    id: g.id,
    type: "security-group",
    service: g.service,
    state: "available",
    tags: { Service: g.service, Name: g.name },
    attributes: {
      groupName: g.name,
      attachedTo: g.attachedTo.join(","),
      rules: rules.join(","),
      revokedRules: revoked.join(","),
      ...(revoked[0]
        ? {
            revokedProtocol: protocol,
            revokedFromPort: fromPort,
            revokedToPort: toPort,
            revokedSource: source,
          }
        : {}),
      ...(tg ? { targetGroup: tg } : {}),
      arn: `arn:aws:ec2:${world.region}:${world.account}:security-group/${g.id}`,
    },
  };
}

function role(world: World, r: RoleState): ResourceDescription {
  const arn = roleArn(world.account, r.name);
  const detached = recordedRemovals(world, [arn, r.name], r.attached);
  const fn = r.usedBy.map((id) => world.lambdas.get(id)).find(Boolean);
  const tg = fn ? undefined : targetGroupOf(world, r.usedBy, r.service);
  return {
    id: r.name,
    type: "iam-role",
    service: r.service,
    state: "available",
    tags: { Service: r.service },
    attributes: {
      usedBy: r.usedBy.join(","),
      attachedPolicies: r.attached.join(","),
      detachedPolicies: detached.join(","),
      detachedPolicyNames: detached.map((a) => a.split("/").pop()).join(","),
      ...(fn ? { functionName: fn.functionName } : {}),
      ...(tg ? { targetGroup: tg } : {}),
      arn,
    },
  };
}

function ipSet(world: World, s: IpSetState): ResourceDescription {
  const lb = s.associatedWith[0] ?? "";
  const served = world.loadBalancers.get(lb)?.service ?? s.service;
  return {
    id: s.name,
    type: "waf-ip-set",
    service: s.service,
    state: "available",
    tags: { Service: s.service },
    attributes: {
      ipSetId: s.id,
      scope: "REGIONAL",
      webAcl: s.webAcl,
      associatedWith: s.associatedWith.join(","),
      loadBalancer: lb,
      addresses: s.addresses.join(","),
      neverBlock: s.neverBlock.join(","),
      // The web ACL's logging destination (WAF requires the aws-waf-logs- prefix).
      logGroup: `aws-waf-logs-${s.webAcl}`,
      normalRequestsPerMinute: world.services.get(served)?.traffic.requestsPerMinute ?? 0,
      arn: `arn:aws:wafv2:${world.region}:${world.account}:regional/ipset/${s.name}/${s.id}`,
    },
  };
}

/** A security resource by id, name or ARN; undefined when there is none. */
export function describeSecurityResource(world: World, key: string): ResourceDescription | undefined {
  const sgId = key.startsWith("arn:aws:ec2:") ? key.split("/").pop() : key;
  const g = world.securityGroups.get(sgId ?? "");
  if (g) return securityGroup(world, g);
  const roleName = /^arn:aws:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(key)?.[1] ?? key;
  const r = world.roles.get(roleName);
  if (r) return role(world, r);
  const s = world.ipSets.get(key) ?? [...world.ipSets.values()].find((x) => x.id === key);
  if (s) return ipSet(world, s);
  return undefined;
}

/** Every security resource of a service. */
export function securityResourcesOfService(world: World, service: string): ResourceDescription[] {
  return [
    ...[...world.securityGroups.values()]
      .filter((g) => g.service === service)
      .map((g) => securityGroup(world, g)),
    ...[...world.roles.values()].filter((r) => r.service === service).map((r) => role(world, r)),
    ...[...world.ipSets.values()].filter((s) => s.service === service).map((s) => ipSet(world, s)),
  ];
}
