/**
 * Security resources of the scenario format: security groups with their ingress rules, IAM roles with their
 * attached managed policies, and WAF IP sets with the load balancers their web ACL protects. Each declares
 * what it is related to (`attachedTo`, `usedBy`, `associatedWith`): the structure the responder follows from
 * a suspect to the resource an access or edge change acts on.
 */
import { z } from "zod";

const IPV4 = "(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}";
/** An IPv4 CIDR (any prefix length). */
export const CidrSchema = z
  .string()
  .regex(new RegExp(`^${IPV4}/(\\d|[12]\\d|3[0-2])$`), "an IPv4 CIDR like 203.0.113.7/32");

const sgId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id like sg-0abc12345678def01");

/** One ingress rule: protocol, port range and source (a security group id or a CIDR). */
export const IngressRuleSchema = z.strictObject({
  protocol: z.enum(["tcp", "udp"]).default("tcp"),
  fromPort: z.number().int().min(0).max(65535),
  toPort: z.number().int().min(0).max(65535),
  source: z.union([sgId, CidrSchema]),
});
export type IngressRule = z.infer<typeof IngressRuleSchema>;

export const SecurityGroupSpecSchema = z.strictObject({
  type: z.literal("security-group"),
  id: sgId,
  service: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: z.string().optional(),
  /** Resource ids the group is attached to (an RDS instance, an ECS service, an instance...). */
  attachedTo: z.array(z.string().min(1)).default([]),
  ingress: z.array(IngressRuleSchema).default([]),
});

export const IamRoleSpecSchema = z.strictObject({
  type: z.literal("iam-role"),
  name: z.string().regex(/^[\w+=,.@-]{1,64}$/, "an IAM role name"),
  service: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** Resource ids that run with the role (a Lambda function:alias, an ECS service, an instance). */
  usedBy: z.array(z.string().min(1)).default([]),
  /** Managed policies attached now: names of customer-managed policies in the account, or full ARNs. */
  attachedPolicies: z.array(z.string().min(1)).default([]),
});

export const WafIpSetSpecSchema = z.strictObject({
  type: z.literal("waf-ip-set"),
  name: z.string().regex(/^[\w-]{1,128}$/, "a WAF IP set name"),
  /** The IP set's id (a UUID). */
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, "a UUID"),
  service: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** The web ACL whose block rule references the set; its logs go to `aws-waf-logs-<webAcl>`. */
  webAcl: z
    .string()
    .regex(/^[\w-]{1,128}$/)
    .default("edge-acl"),
  /** Load balancers (ALB dimension names) the web ACL is associated with. */
  associatedWith: z.array(z.string().min(1)).default([]),
  /** Addresses blocked now. */
  addresses: z.array(CidrSchema).default([]),
  /** Addresses that must never be blocked (partners, health checkers, our own NAT and egress addresses). */
  neverBlock: z.array(CidrSchema).default([]),
});

export type SecurityGroupSpec = z.infer<typeof SecurityGroupSpecSchema>;
export type IamRoleSpec = z.infer<typeof IamRoleSpecSchema>;
export type WafIpSetSpec = z.infer<typeof WafIpSetSpecSchema>;
