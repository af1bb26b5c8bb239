/**
 * What the simulator needs from the synthesized stack: each principal's identity policies (inline, attached
 * `AWS::IAM::Policy` and customer-managed policies), the resource policies (topics, buckets, queues, keys)
 * and each function's environment, all with intrinsics resolved (`resolve.ts`).
 */
import type { CfnElement, Stack } from "aws-cdk-lib";
import type * as iam from "aws-cdk-lib/aws-iam";
import type { IamPrincipal } from "../../tools/aws/iam-calls.js";
import type { TemplateJson, TemplateResolver } from "./resolve.js";

export interface PolicyDocument {
  Version?: string;
  Statement: Record<string, unknown>[];
}

export interface SimPrincipal {
  name: IamPrincipal;
  roleArn: string;
  policies: { name: string; policy: PolicyDocument }[];
  env: Record<string, string>;
}

/** Roles of the stack's functions and SSM runbooks, keyed by the registry's principal names. */
export function stackRoles(
  stack: Stack & {
    functions: {
      roles: Record<string, iam.Role>;
      functions: Record<string, { node: { defaultChild?: unknown } }>;
    };
    ssmRoles: { roles: Record<string, iam.Role> };
  },
): { name: IamPrincipal; roleId: string; functionId?: string }[] {
  const id = (c: unknown) => stack.getLogicalId(c as CfnElement);
  const out: { name: IamPrincipal; roleId: string; functionId?: string }[] = [];
  for (const [name, role] of Object.entries(stack.functions.roles)) {
    const fn = stack.functions.functions[name];
    out.push({
      name: name as IamPrincipal,
      roleId: id(role.node.defaultChild),
      ...(fn ? { functionId: id(fn.node.defaultChild) } : {}),
    });
  }
  for (const [doc, role] of Object.entries(stack.ssmRoles.roles)) {
    out.push({ name: `ssm-role:${doc}`, roleId: id(role.node.defaultChild) });
  }
  return out;
}

const refsRole = (roles: unknown, roleId: string) =>
  Array.isArray(roles) && roles.some((r) => (r as { Ref?: string }).Ref === roleId);

export function principalPolicies(
  template: TemplateJson,
  resolver: TemplateResolver,
  role: { name: IamPrincipal; roleId: string; functionId?: string },
): SimPrincipal {
  const policies: SimPrincipal["policies"] = [];
  const roleRes = template.Resources[role.roleId];
  for (const p of (roleRes?.Properties?.Policies as { PolicyName: string; PolicyDocument: unknown }[]) ??
    []) {
    policies.push({ name: p.PolicyName, policy: resolver.resolve(p.PolicyDocument) as PolicyDocument });
  }
  for (const [id, r] of Object.entries(template.Resources)) {
    if (
      (r.Type === "AWS::IAM::Policy" || r.Type === "AWS::IAM::ManagedPolicy") &&
      refsRole(r.Properties?.Roles, role.roleId)
    ) {
      policies.push({ name: id, policy: resolver.resolve(r.Properties?.PolicyDocument) as PolicyDocument });
    }
  }
  for (const arn of (roleRes?.Properties?.ManagedPolicyArns as unknown[]) ?? []) {
    const ref = (arn as { Ref?: string }).Ref;
    const managed = ref ? template.Resources[ref] : undefined;
    if (managed?.Type === "AWS::IAM::ManagedPolicy") {
      policies.push({
        name: ref as string,
        policy: resolver.resolve(managed.Properties?.PolicyDocument) as PolicyDocument,
      });
    }
  }
  const fnProps = role.functionId ? template.Resources[role.functionId]?.Properties : undefined;
  const env = (resolver.resolve(
    (fnProps?.Environment as { Variables?: unknown } | undefined)?.Variables ?? {},
  ) ?? {}) as Record<string, string>;
  return { name: role.name, roleArn: resolver.getAtt(role.roleId, "Arn"), policies, env };
}

/** A resource policy and the ARNs it governs (a bucket's policy also governs its objects). */
export interface ResourcePolicy {
  id: string;
  type: string;
  arns: string[];
  policy: PolicyDocument;
}

const queueArn = (url: string, where: TemplateResolver["where"]) =>
  `arn:${where.partition}:sqs:${where.region}:${where.account}:${url.slice(url.lastIndexOf("/") + 1)}`;

export function resourcePolicies(template: TemplateJson, resolver: TemplateResolver): ResourcePolicy[] {
  const out: ResourcePolicy[] = [];
  for (const [id, r] of Object.entries(template.Resources)) {
    const p = r.Properties ?? {};
    const doc = (d: unknown) => resolver.resolve(d) as PolicyDocument;
    if (r.Type === "AWS::SNS::TopicPolicy") {
      out.push({
        id,
        type: r.Type,
        arns: resolver.resolve(p.Topics) as string[],
        policy: doc(p.PolicyDocument),
      });
    } else if (r.Type === "AWS::S3::BucketPolicy") {
      const name = String(resolver.resolve(p.Bucket));
      out.push({
        id,
        type: r.Type,
        arns: [`arn:${resolver.where.partition}:s3:::${name}`],
        policy: doc(p.PolicyDocument),
      });
    } else if (r.Type === "AWS::SQS::QueuePolicy") {
      const urls = resolver.resolve(p.Queues) as string[];
      out.push({
        id,
        type: r.Type,
        arns: urls.map((u) => queueArn(u, resolver.where)),
        policy: doc(p.PolicyDocument),
      });
    } else if (r.Type === "AWS::KMS::Key") {
      out.push({ id, type: r.Type, arns: [resolver.getAtt(id, "Arn")], policy: doc(p.KeyPolicy) });
    }
  }
  return out;
}

/** The resource policy governing an ARN, if any. */
export function policyFor(policies: ResourcePolicy[], arn: string): ResourcePolicy | undefined {
  return policies.find((p) => p.arns.some((a) => arn === a || arn.startsWith(`${a}/`)));
}
