/**
 * Network and access changes: a WAF IP-set block for a flood, a security-group rule or IAM policy restored
 * from the recorded previous state, and quarantine of a compromised instance. Each restores or narrows
 * access to something the account itself recorded; none opens anything new.
 */
import { z } from "zod";
import { cidrContains, neverBlockHit } from "../../../tools/domain/index.js";
import type { ActionDefinition, SuccessSignal } from "../types.js";
import {
  attr,
  awsId,
  instanceId,
  listAttr,
  oneAtATime,
  plainName,
  refuse,
  targetGroup5xx,
} from "./shared.js";

/** A single IPv4 source, at most a /24: a block never covers a whole provider. */
const cidr = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(2[4-9]|3[0-2])$/,
    "an IPv4 CIDR of /24 or narrower, like 203.0.113.7/32",
  );

export const wafBlockAddresses: ActionDefinition = {
  id: "waf-block-ip-set",
  title: "Block flooding source addresses in a WAF IP set",
  description:
    "Adds up to 20 addresses (/24 or narrower) to the web ACL's existing block IP set (wafv2:UpdateIPSet with " +
    "the lock token from wafv2:GetIPSet). Turns away traffic: medium. The rollback restores the recorded set.",
  targetType: "waf-ip-set",
  params: z.strictObject({
    Name: plainName("IP set", 128),
    Id: z.string().regex(/^[0-9a-f-]{36}$/, "the IP set's id (a UUID)"),
    Scope: z.literal("REGIONAL"),
    /** Comma-separated, at most 20. */
    AddAddresses: z
      .string()
      .max(20 * 19)
      .refine(
        (s) => s.split(",").length <= 20 && s.split(",").every((a) => cidr.safeParse(a.trim()).success),
        "1 to 20 comma-separated IPv4 CIDRs of /24 or narrower",
      ),
  }),
  risk: "medium",
  reversible: true,
  executor: { type: "api", operation: "wafv2:UpdateIPSet" },
  targetOf: (p) => String(p.Name),
  blastRadius(p, context) {
    const affected = [String(p.Name)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "ipSetId") !== p.Id)
      return refuse(`${p.Id} is not the id of ${p.Name}`, affected);
    const listed = listAttr(context.target, "neverBlock");
    const adding = String(p.AddAddresses)
      .split(",")
      .map((a) => a.trim());
    for (const a of adding) {
      const hit = neverBlockHit(a, listed);
      if (hit)
        return refuse(
          `${a} touches ${hit}, on the never-block list (private and special ranges, partners, health checks, our own addresses)`,
          affected,
        );
    }
    const existing = listAttr(context.target, "addresses");
    const fresh = adding.filter((a) => !existing.some((e) => cidrContains(e, a)));
    if (fresh.length === 0) return refuse("every address is already blocked", affected);
    return { allowed: true, reason: `${fresh.length} source address(es) blocked at the edge`, affected };
  },
  successSignal: (_p, target) => ({
    namespace: "AWS/ApplicationELB",
    metric: "RequestCount",
    dimensions: { LoadBalancer: attr(target, "loadBalancer") },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: Number(target.attributes.normalRequestsPerMinute ?? 0) * 1.5 || 1,
    datapoints: 3,
    deadlineMinutes: 10,
  }),
  rollback: (p, before) => ({
    actionId: "waf-restore-ip-set",
    params: { Name: p.Name, Id: p.Id, Scope: p.Scope, Addresses: listAttr(before, "addresses") },
  }),
};

export const wafRestoreAddresses: ActionDefinition = {
  id: "waf-restore-ip-set",
  title: "Restore a WAF IP set to its recorded addresses",
  description:
    "Replaces the IP set's addresses with the recorded list (wafv2:UpdateIPSet): the rollback of a block. " +
    "Reopens access that was blocked: medium.",
  targetType: "waf-ip-set",
  params: z.strictObject({
    Name: plainName("IP set", 128),
    Id: z.string().regex(/^[0-9a-f-]{36}$/, "the IP set's id (a UUID)"),
    Scope: z.literal("REGIONAL"),
    Addresses: z.array(cidr).max(10_000),
  }),
  risk: "medium",
  reversible: true,
  executor: { type: "api", operation: "wafv2:UpdateIPSet" },
  targetOf: (p) => String(p.Name),
  blastRadius(p, context) {
    const affected = [String(p.Name)];
    if (attr(context.target, "ipSetId") !== p.Id)
      return refuse(`${p.Id} is not the id of ${p.Name}`, affected);
    return { allowed: true, reason: "one IP set back to its recorded addresses", affected };
  },
  successSignal: (_p, target) => ({
    namespace: "AWS/ApplicationELB",
    metric: "HTTPCode_ELB_5XX_Count",
    dimensions: { LoadBalancer: attr(target, "loadBalancer") },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 10,
    datapoints: 3,
    deadlineMinutes: 10,
  }),
};

export const restoreSecurityGroupRule: ActionDefinition = {
  id: "sg-restore-ingress-rule",
  title: "Restore a security-group ingress rule from the recorded previous configuration",
  description:
    "Re-authorizes one ingress rule (ec2:AuthorizeSecurityGroupIngress) exactly as the change feed recorded " +
    "it before it was revoked: same protocol, port and source. Never a rule the group did not have. Changes " +
    "network access: high, sign-off.",
  targetType: "security-group",
  params: z.strictObject({
    GroupId: awsId("sg", "a security group id"),
    IpProtocol: z.enum(["tcp", "udp"]),
    FromPort: z.number().int().min(0).max(65535),
    ToPort: z.number().int().min(0).max(65535),
    Source: z.union([awsId("sg", "a source security group id"), cidr]),
  }),
  risk: "high",
  // No automated undo: revoking access again is a human's call.
  reversible: false,
  executor: { type: "api", operation: "ec2:AuthorizeSecurityGroupIngress" },
  targetOf: (p) => String(p.GroupId),
  blastRadius(p, context) {
    const affected = [String(p.GroupId)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const rule = `${p.IpProtocol}:${p.FromPort}-${p.ToPort}:${p.Source}`;
    if (listAttr(context.target, "rules").includes(rule))
      return refuse(`the rule ${rule} is already there`, affected);
    if (!listAttr(context.target, "revokedRules").includes(rule)) {
      return refuse(`${rule} is not a rule this group had before (recorded revocations only)`, affected);
    }
    if (String(p.Source) === "0.0.0.0/0") return refuse("never opens a port to the whole internet", affected);
    return { allowed: true, reason: `one group regains its recorded rule ${rule}`, affected };
  },
  successSignal: (_p, target) => targetGroup5xx(target, 10),
};

export const reattachIamPolicy: ActionDefinition = {
  id: "iam-reattach-role-policy",
  title: "Re-attach a managed policy a role had before (recorded previous state)",
  description:
    "iam:AttachRolePolicy for a policy the change feed recorded as detached from this role. The policy is named, " +
    "not given by ARN: a customer-managed policy of the incident's own account (Scope Local) or an AWS-managed " +
    "one (Scope AWS), resolved to its ARN by the executor, so no other account's policy can be named. Never a " +
    "policy the role did not have; never AdministratorAccess or any policy on the deny list. Grants access: " +
    "high, sign-off.",
  targetType: "iam-role",
  params: z.strictObject({
    RoleName: plainName("role", 64),
    /** The policy's name (the last segment of its ARN), as IAM's ListPolicies reports it. */
    PolicyName: z.string().regex(/^[A-Za-z0-9+=,.@_-]{1,128}$/, "a managed policy name (no ARN, no path)"),
    /** Local: a customer-managed policy of this account; AWS: an AWS-managed policy (IAM's ListPolicies scopes). */
    Scope: z.enum(["Local", "AWS"]).default("Local"),
    /** The policy's IAM path (e.g. /service-role/ for some AWS-managed ones); never `..` nor a wildcard. */
    PolicyPath: z
      .string()
      .regex(/^\/(?:[A-Za-z0-9+=,@_-]+\/)*$/, "an IAM path like / or /service-role/")
      .default("/"),
  }),
  risk: "high",
  // No automated undo: detaching again is a human's call.
  reversible: false,
  executor: { type: "api", operation: "iam:AttachRolePolicy" },
  targetOf: (p) => String(p.RoleName),
  blastRadius(p, context) {
    const affected = [String(p.RoleName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const name = String(p.PolicyName);
    if (/AdministratorAccess|IAMFullAccess|PowerUserAccess/i.test(name)) {
      return refuse(`${name} is never attached by the responder`, affected);
    }
    const owner = p.Scope === "AWS" ? "aws" : "\\d{12}";
    const literal = (s: string) => s.replace(/[.+]/g, "\\$&");
    const named = new RegExp(
      `^arn:aws:iam::${owner}:policy${literal(String(p.PolicyPath ?? "/"))}${literal(name)}$`,
    );
    if (listAttr(context.target, "attachedPolicies").some((a) => named.test(a)))
      return refuse(`${name} is already attached`, affected);
    if (!listAttr(context.target, "detachedPolicies").some((a) => named.test(a))) {
      return refuse(`${name} (${p.Scope}) was not recorded as detached from ${p.RoleName}`, affected);
    }
    return { allowed: true, reason: `one role regains ${name}`, affected };
  },
  // A function's role: its errors must stop; a role behind a load balancer: its targets' 5XX.
  successSignal: (_p, target): SuccessSignal =>
    attr(target, "functionName")
      ? {
          namespace: "AWS/Lambda",
          metric: "Errors",
          dimensions: { FunctionName: attr(target, "functionName") },
          stat: "Sum",
          recoveredWhen: "below",
          threshold: 10,
          datapoints: 3,
          deadlineMinutes: 10,
        }
      : targetGroup5xx(target, 10),
};

export const isolateInstance: ActionDefinition = {
  id: "ec2-isolate-instance",
  title: "Quarantine a compromised EC2 instance (containment security group + AMI backup; never terminate)",
  description:
    "Runs the AWS-owned SSM Automation runbook AWSSupport-ContainEC2Instance in Contain mode: backs up the " +
    "instance's security groups to S3, moves it to a containment group that allows no traffic, takes a backup " +
    "image for forensics, and puts an Auto Scaling member in standby. Release mode restores the backup. " +
    "Takes an instance off the network: high, sign-off.",
  targetType: "ec2-instance",
  params: z.strictObject({ InstanceId: instanceId, Action: z.literal("Contain") }),
  risk: "high",
  reversible: true,
  executor: { type: "ssm-automation", document: "AWSSupport-ContainEC2Instance" },
  targetOf: (p) => String(p.InstanceId),
  blastRadius(p, context) {
    const affected = [String(p.InstanceId)];
    if (attr(context.target, "quarantined") === "true")
      return refuse("the instance is already contained", affected);
    if (context.target.state === "terminated") return refuse("the instance is terminated", affected);
    const peers = context.siblings.filter((s) => s.id !== p.InstanceId && s.state === "running").length;
    return {
      allowed: true,
      reason: context.target.group
        ? `one instance of ${context.target.group} contained; ${peers} peer(s) keep serving`
        : "one standalone instance contained",
      affected,
    };
  },
  successSignal: (p) => ({
    namespace: "AWS/EC2",
    metric: "NetworkOut",
    dimensions: { InstanceId: String(p.InstanceId) },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 1_000_000,
    datapoints: 2,
    deadlineMinutes: 10,
  }),
  rollback: (p) => ({
    actionId: "ec2-release-instance",
    params: { InstanceId: p.InstanceId, Action: "Release" },
  }),
};

export const releaseInstance: ActionDefinition = {
  id: "ec2-release-instance",
  title: "Release a contained EC2 instance back to its recorded security groups",
  description:
    "AWSSupport-ContainEC2Instance in Release mode: restores the security groups backed up at containment. " +
    "Puts an instance back on the network: high, sign-off.",
  targetType: "ec2-instance",
  params: z.strictObject({ InstanceId: instanceId, Action: z.literal("Release") }),
  risk: "high",
  reversible: true,
  executor: { type: "ssm-automation", document: "AWSSupport-ContainEC2Instance" },
  targetOf: (p) => String(p.InstanceId),
  blastRadius(p, context) {
    const affected = [String(p.InstanceId)];
    if (attr(context.target, "quarantined") !== "true")
      return refuse("the instance is not contained", affected);
    return { allowed: true, reason: "one instance back to its recorded security groups", affected };
  },
  successSignal: (p) => ({
    namespace: "AWS/EC2",
    metric: "StatusCheckFailed",
    dimensions: { InstanceId: String(p.InstanceId) },
    stat: "Maximum",
    recoveredWhen: "below",
    threshold: 1,
    datapoints: 2,
    deadlineMinutes: 10,
  }),
  rollback: (p) => ({
    actionId: "ec2-isolate-instance",
    params: { InstanceId: p.InstanceId, Action: "Contain" },
  }),
};
