/**
 * Security groups, IAM roles and WAF IP sets as ResourceDescriptions, with the attributes the catalogue's
 * access actions read (`knowledge/actions/catalogue/security.ts`):
 * - security group: `rules` (ingress, `<protocol>:<from>-<to>:<source>`) and `revokedRules` (revoked in
 *   the last 90 days and not back: what `sg-restore-ingress-rule` may re-authorize);
 * - IAM role: `attachedPolicies` and `detachedPolicies` (detached and not re-attached);
 * - WAF IP set: `ipSetId`, `addresses`.
 * Lists are comma-separated. What AWS cannot say is read from tags on the resource: `air:target-group` (the
 * signal's target group, `targetgroup/name/id`), and on an IP set `air:never-block` (space-separated CIDRs
 * never to block: partners, health checks), `air:load-balancer` (`app/name/id`) and
 * `air:normal-requests-per-minute`.
 */

import type { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { DescribeSecurityGroupsCommand, type EC2Client, type SecurityGroup } from "@aws-sdk/client-ec2";
import {
  GetRoleCommand,
  type GetRoleCommandOutput,
  type IAMClient,
  paginateListAttachedRolePolicies,
} from "@aws-sdk/client-iam";
import {
  GetIPSetCommand,
  ListIPSetsCommand,
  ListTagsForResourceCommand,
  type WAFV2Client,
} from "@aws-sdk/client-wafv2";
import { awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { recordedRules } from "../changes/sg-rules.js";
import { tagRecord, tagValue } from "../util.js";
import { lostValues, recordedChanges } from "./recorded.js";

type Attributes = Record<string, string | number | boolean>;

/** Attributes configured by tag (`air:target-group` → `targetGroup`, …). */
const TAG_ATTRIBUTES: Readonly<Record<string, string>> = {
  "air:target-group": "targetGroup",
  "air:load-balancer": "loadBalancer",
  "air:normal-requests-per-minute": "normalRequestsPerMinute",
  "air:never-block": "neverBlock",
  // Relations the planner follows from a suspect to the resource it acts on (the simulated account declares
  // them in the scenario); in AWS the owner states them once as tags.
  "air:attached-to": "attachedTo",
  "air:used-by": "usedBy",
  "air:function": "functionName",
  "air:associated-with": "associatedWith",
  "air:web-acl": "webAcl",
  "air:waf-log-group": "logGroup",
};

/** Attributes whose tag value is a space-separated list (tag values cannot hold commas). */
const LIST_ATTRIBUTES = new Set(["neverBlock", "attachedTo", "usedBy", "associatedWith"]);

function fromTags(tags: Record<string, string>): Attributes {
  const out: Attributes = {};
  for (const [tag, name] of Object.entries(TAG_ATTRIBUTES)) {
    const v = tags[tag]?.trim();
    if (!v) continue;
    // Tag values cannot hold commas: lists are space-separated there, comma-separated in attributes.
    out[name] = LIST_ATTRIBUTES.has(name) ? v.split(/\s+/).join(",") : v;
  }
  return out;
}

/** A group's ingress rules in the catalogue's form (the same the change feed records). */
export function ingressRules(g: SecurityGroup): string[] {
  const perms = (g.IpPermissions ?? []).map((p) => ({
    ipProtocol: p.IpProtocol,
    fromPort: p.FromPort,
    toPort: p.ToPort,
    ipRanges: { items: (p.IpRanges ?? []).map((r) => ({ cidrIp: r.CidrIp })) },
    ipv6Ranges: { items: (p.Ipv6Ranges ?? []).map((r) => ({ cidrIpv6: r.CidrIpv6 })) },
    groups: { items: (p.UserIdGroupPairs ?? []).map((r) => ({ groupId: r.GroupId })) },
    prefixListIds: { items: (p.PrefixListIds ?? []).map((r) => ({ prefixListId: r.PrefixListId })) },
  }));
  return recordedRules({ ipPermissions: { items: perms } }, {}, false);
}

function describeGroup(g: SecurityGroup, keys: string[], revoked: string[]): ResourceDescription {
  const tags = tagRecord(g.Tags);
  const rules = ingressRules(g);
  return {
    id: g.GroupId ?? "",
    type: "security-group",
    service: tagValue(tags, keys) ?? "unknown",
    state: "available",
    tags,
    attributes: {
      groupName: g.GroupName ?? "",
      vpcId: g.VpcId ?? "",
      rules: rules.join(","),
      revokedRules: revoked.filter((r) => !rules.includes(r)).join(","),
      ...(g.SecurityGroupArn ? { arn: g.SecurityGroupArn } : {}),
      ...fromTags(tags),
    },
  };
}

/** One security group with the ingress rules revoked from it and not restored; undefined when unknown. */
export async function describeSecurityGroup(
  ec2: EC2Client,
  trail: CloudTrailClient | undefined,
  groupId: string,
  keys: string[],
  now: Date,
): Promise<ResourceDescription | undefined> {
  let group: SecurityGroup | undefined;
  try {
    const res = await awsCall(
      {
        action: "ec2:DescribeSecurityGroups",
        resource: `security group ${groupId}`,
        region: () => ec2.config.region(),
      },
      () => ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [groupId] })),
    );
    group = res.SecurityGroups?.[0];
  } catch (err) {
    if (isAwsError(err, "InvalidGroup.NotFound", "InvalidGroupId.Malformed")) return undefined;
    throw err;
  }
  if (!group) return undefined;
  const history = await recordedChanges(trail, groupId, now);
  const revoked = lostValues(
    history,
    (c) => c.summary.startsWith("RevokeSecurityGroupIngress"),
    ingressRules(group),
  );
  return describeGroup(group, keys, revoked);
}

/** Security groups tagged with the service (their changes are attributed to it); no history read. */
export async function securityGroupsOfService(
  ec2: EC2Client,
  service: string,
  keys: string[],
): Promise<ResourceDescription[]> {
  const byId = new Map<string, ResourceDescription>();
  for (const key of keys) {
    const res = await awsCall(
      {
        action: "ec2:DescribeSecurityGroups",
        resource: `security groups tagged ${key}=${service}`,
        region: () => ec2.config.region(),
      },
      () =>
        ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: `tag:${key}`, Values: [service] }] })),
    );
    for (const g of res.SecurityGroups ?? []) byId.set(g.GroupId ?? "", describeGroup(g, keys, []));
  }
  return [...byId.values()];
}

/** One IAM role with its managed policies and those detached from it and not re-attached. */
export async function describeIamRole(
  iam: IAMClient,
  trail: CloudTrailClient | undefined,
  roleName: string,
  keys: string[],
  now: Date,
): Promise<ResourceDescription | undefined> {
  const region = () => iam.config.region();
  let role: GetRoleCommandOutput;
  try {
    role = await awsCall({ action: "iam:GetRole", resource: `IAM role ${roleName}`, region }, () =>
      iam.send(new GetRoleCommand({ RoleName: roleName })),
    );
  } catch (err) {
    if (isAwsError(err, "NoSuchEntityException", "NoSuchEntity", "ValidationError")) return undefined;
    throw err;
  }
  const attached: string[] = [];
  await awsCall(
    { action: "iam:ListAttachedRolePolicies", resource: `IAM role ${roleName}`, region },
    async () => {
      for await (const page of paginateListAttachedRolePolicies({ client: iam }, { RoleName: roleName })) {
        for (const p of page.AttachedPolicies ?? []) if (p.PolicyArn) attached.push(p.PolicyArn);
      }
    },
  );
  const history = await recordedChanges(trail, roleName, now);
  const detached = lostValues(history, (c) => c.summary.startsWith("DetachRolePolicy"), attached);
  const tags = tagRecord(role.Role?.Tags);
  return {
    id: roleName,
    type: "iam-role",
    service: tagValue(tags, keys) ?? "unknown",
    state: "available",
    tags,
    attributes: {
      arn: role.Role?.Arn ?? "",
      attachedPolicies: attached.join(","),
      detachedPolicies: detached.join(","),
      ...fromTags(tags),
    },
  };
}

/** A Regional WAF IP set found by name (ListIPSets), with its addresses and tags; undefined when none. */
export async function describeIpSet(
  waf: WAFV2Client,
  name: string,
  keys: string[],
): Promise<ResourceDescription | undefined> {
  const region = () => waf.config.region();
  let summary: { Id?: string; ARN?: string } | undefined;
  let NextMarker: string | undefined;
  do {
    const page = await awsCall({ action: "wafv2:ListIPSets", resource: "Regional IP sets", region }, () =>
      waf.send(new ListIPSetsCommand({ Scope: "REGIONAL", Limit: 100, NextMarker })),
    );
    summary = page.IPSets?.find((s) => s.Name === name);
    NextMarker = summary || !page.IPSets?.length ? undefined : page.NextMarker;
  } while (NextMarker);
  if (!summary?.Id || !summary.ARN) return undefined;
  const resource = `WAF IP set ${name} (${summary.Id})`;
  const got = await awsCall({ action: "wafv2:GetIPSet", resource, region }, () =>
    waf.send(new GetIPSetCommand({ Name: name, Id: summary.Id, Scope: "REGIONAL" })),
  );
  const tagged = await awsCall({ action: "wafv2:ListTagsForResource", resource, region }, () =>
    waf.send(new ListTagsForResourceCommand({ ResourceARN: summary.ARN })),
  );
  const tags = tagRecord(tagged.TagInfoForResource?.TagList);
  return {
    id: name,
    type: "waf-ip-set",
    service: tagValue(tags, keys) ?? "unknown",
    state: "available",
    tags,
    attributes: {
      ipSetId: summary.Id,
      arn: summary.ARN,
      ipAddressVersion: got.IPSet?.IPAddressVersion ?? "",
      addresses: (got.IPSet?.Addresses ?? []).join(","),
      ...fromTags(tags),
    },
  };
}
