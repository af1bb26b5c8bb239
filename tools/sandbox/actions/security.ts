/**
 * Access and edge executors: ec2:AuthorizeSecurityGroupIngress, iam:AttachRolePolicy and wafv2:UpdateIPSet on
 * the resources the scenario declares, each doing exactly what its parameters say (one rule, one policy, the
 * listed addresses) and recording the previous state in the change feed.
 */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import { roleArn, ruleKey } from "../security.js";
import { num, record, str } from "./run.js";

const groupOf = (run: ActionRun) => run.world.securityGroups.get(str(run, "GroupId"));

function ruleOf(run: ActionRun) {
  return {
    protocol: str(run, "IpProtocol") as "tcp" | "udp",
    fromPort: num(run, "FromPort"),
    toPort: num(run, "ToPort"),
    source: str(run, "Source"),
  };
}

export const authorizeIngress: ActionHandler = {
  params: z.object({
    GroupId: z.string().min(1),
    IpProtocol: z.enum(["tcp", "udp"]),
    FromPort: z.number().int(),
    ToPort: z.number().int(),
    Source: z.string().min(1),
  }),
  minutes: 1,
  check(run) {
    const g = groupOf(run);
    if (!g) return `InvalidGroup.NotFound: The security group '${str(run, "GroupId")}' does not exist`;
    const key = ruleKey(ruleOf(run));
    if (g.rules.some((r) => ruleKey(r) === key)) {
      return `InvalidPermission.Duplicate: the specified rule "peer: ${str(run, "Source")}, ${str(run, "IpProtocol").toUpperCase()}, from port: ${num(run, "FromPort")}, to port: ${num(run, "ToPort")}, ALLOW" already exists`;
    }
    if (num(run, "FromPort") > num(run, "ToPort"))
      return "InvalidParameterValue: FromPort must not be above ToPort";
    return undefined;
  },
  finish(run) {
    const g = groupOf(run);
    if (!g) return "group disappeared";
    const rule = ruleOf(run);
    g.rules.push(rule);
    record(run, {
      service: g.service,
      resourceId: g.id,
      kind: "infrastructure",
      summary: `AuthorizeSecurityGroupIngress on ${g.id}: added ${rule.protocol}/${rule.fromPort}-${rule.toPort} from ${rule.source}`,
      to: ruleKey(rule),
    });
    return `AuthorizeSecurityGroupIngress: Return true (rule ${ruleKey(rule)} added to ${g.id})`;
  },
};

/**
 * The ARN a policy name resolves to (ListPolicies by scope): this account's policy of that name, or the
 * AWS-managed one (its path as the role's history recorded it, else the root path).
 */
function resolvePolicy(run: ActionRun): string {
  const owner = str(run, "Scope") === "AWS" ? "aws" : run.world.account;
  return `arn:aws:iam::${owner}:policy${str(run, "PolicyPath") || "/"}${str(run, "PolicyName")}`;
}

export const attachRolePolicy: ActionHandler = {
  params: z.object({
    RoleName: z.string().min(1),
    PolicyName: z.string().regex(/^[\w+=,.@-]{1,128}$/),
    Scope: z.enum(["Local", "AWS"]).default("Local"),
    PolicyPath: z.string().default("/"),
  }),
  minutes: 1,
  check(run) {
    if (!run.world.roles.get(str(run, "RoleName")))
      return `NoSuchEntity: The role with name ${str(run, "RoleName")} cannot be found.`;
    return undefined;
  },
  finish(run) {
    const role = run.world.roles.get(str(run, "RoleName"));
    if (!role) return "role disappeared";
    const arn = resolvePolicy(run);
    // Attaching an attached policy is a no-op in IAM (no error, no change).
    if (!role.attached.includes(arn)) {
      role.attached.push(arn);
      record(run, {
        service: role.service,
        resourceId: roleArn(run.world.account, role.name),
        kind: "infrastructure",
        summary: `AttachRolePolicy: policy ${arn} attached to role ${role.name}`,
        to: arn,
      });
    }
    return `AttachRolePolicy: ${arn} attached to ${role.name}`;
  },
};

const setOf = (run: ActionRun) => run.world.ipSets.get(str(run, "Name"));

/** UpdateIPSet replaces the whole list; the block adds to the current one, the restore writes a recorded one. */
export const updateIpSet: ActionHandler = {
  params: z.union([
    z.object({
      Name: z.string().min(1),
      Id: z.string().min(1),
      Scope: z.literal("REGIONAL"),
      AddAddresses: z.string().min(1),
    }),
    z.object({
      Name: z.string().min(1),
      Id: z.string().min(1),
      Scope: z.literal("REGIONAL"),
      Addresses: z.array(z.string()),
    }),
  ]) as unknown as ActionHandler["params"],
  minutes: 1,
  check(run) {
    const s = setOf(run);
    if (!s || s.id !== str(run, "Id")) {
      return "WAFNonexistentItemException: AWS WAF couldn’t perform the operation because your resource doesn’t exist.";
    }
    return undefined;
  },
  finish(run) {
    const s = setOf(run);
    if (!s) return "IP set disappeared";
    const before = [...s.addresses];
    const wanted =
      "Addresses" in run.params
        ? (run.params.Addresses as string[]).map((a) => a.trim())
        : [
            ...before,
            ...str(run, "AddAddresses")
              .split(",")
              .map((a) => a.trim())
              .filter(Boolean),
          ];
    s.addresses = [...new Set(wanted)];
    record(run, {
      service: s.service,
      resourceId: s.name,
      kind: "infrastructure",
      summary: `UpdateIPSet ${s.name} (${s.id}): ${before.length} → ${s.addresses.length} address(es)`,
      from: before.join(",") || "(empty)",
      to: s.addresses.join(",") || "(empty)",
    });
    return `UpdateIPSet: ${s.name} now holds ${s.addresses.length} address(es)`;
  },
};
