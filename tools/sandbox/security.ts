/**
 * Security resources of the simulated account: security groups and their ingress rules, IAM roles and their
 * attached managed policies, WAF IP sets and the load balancers their web ACL protects, and instances under
 * containment (AWSSupport-ContainEC2Instance). Faults and executors change them and write what changed to the
 * change feed with the previous state in `from` and the new one in `to`, as CloudTrail's request parameters
 * record it; the descriptions read the recorded previous configuration back from there.
 */
export { cidrContains } from "../domain/index.js";

import type { ResourceSpec } from "./scenario/schema.js";
import type { IngressRule } from "./scenario/security-schema.js";

export interface SecurityGroupState {
  id: string;
  service: string;
  name: string;
  attachedTo: string[];
  rules: IngressRule[];
}

export interface RoleState {
  name: string;
  service: string;
  usedBy: string[];
  /** Attached managed policies, as ARNs. */
  attached: string[];
}

export interface IpSetState {
  name: string;
  id: string;
  service: string;
  webAcl: string;
  associatedWith: string[];
  addresses: string[];
  neverBlock: string[];
}

/** What containment did to an instance, so that Release can put it back. */
export interface Containment {
  /** Security groups the instance had (backed up to S3 by the runbook). */
  groupsBackup: string[];
  /** The Auto Scaling group the instance was taken out of (standby), if any. */
  standbyFrom?: string;
  /** Backup image for forensics. */
  imageId: string;
  /** Snapshots of the instance's volumes (behind the image). */
  snapshotIds: string[];
}

export interface SecurityResources {
  securityGroups: Map<string, SecurityGroupState>;
  roles: Map<string, RoleState>;
  ipSets: Map<string, IpSetState>;
  /** Instances under containment, by instance id. */
  contained: Map<string, Containment>;
}

export function emptySecurityResources(): SecurityResources {
  return { securityGroups: new Map(), roles: new Map(), ipSets: new Map(), contained: new Map() };
}

/** `tcp:5432-5432:sg-0a77...`: one rule as the change feed and the catalogue write it. */
export function ruleKey(rule: IngressRule): string {
  return `${rule.protocol}:${rule.fromPort}-${rule.toPort}:${rule.source}`;
}

/** A policy ARN: names are customer-managed policies of the account. */
export function policyArn(account: string, policy: string): string {
  return policy.startsWith("arn:aws:iam::") ? policy : `arn:aws:iam::${account}:policy/${policy}`;
}

export function roleArn(account: string, role: string): string {
  return `arn:aws:iam::${account}:role/${role}`;
}

/** Adds a declared security resource; false for any other type. */
export function addSecurityResource(security: SecurityResources, r: ResourceSpec, account: string): boolean {
  switch (r.type) {
    case "security-group":
      security.securityGroups.set(r.id, {
        id: r.id,
        service: r.service,
        name: r.name ?? `${r.service}-sg`,
        attachedTo: [...r.attachedTo],
        rules: r.ingress.map((rule) => ({ ...rule })),
      });
      return true;
    case "iam-role":
      security.roles.set(r.name, {
        name: r.name,
        service: r.service,
        usedBy: [...r.usedBy],
        attached: r.attachedPolicies.map((p) => policyArn(account, p)),
      });
      return true;
    case "waf-ip-set":
      security.ipSets.set(r.name, {
        name: r.name,
        id: r.id,
        service: r.service,
        webAcl: r.webAcl,
        associatedWith: [...r.associatedWith],
        addresses: [...r.addresses],
        neverBlock: [...r.neverBlock],
      });
      return true;
    default:
      return false;
  }
}
