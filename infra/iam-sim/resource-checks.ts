/**
 * Resource-policy checks: who else may act on the stack's resources. CloudWatch must be able to publish
 * alarm notifications to each SNS topic (over TLS, for this account's alarms); nobody, not even an
 * administrator of the account, may delete from the audit trail.
 */
import type { Decision, SimRequest } from "./matrix.js";
import type { Account, TemplateResolver } from "./resolve.js";

export interface Target {
  name: string;
  resource: string;
}

export interface ResourceCheck {
  id: string;
  principal: string;
  action: string;
  expected: Decision;
  targets(resolver: TemplateResolver): Target[];
  request(target: Target, where: Account): Omit<SimRequest, "resource">;
}

const topics = (resolver: TemplateResolver): Target[] =>
  Object.entries(resolver.template.Resources)
    .filter(([, r]) => r.Type === "AWS::SNS::Topic")
    .map(([id]) => ({ name: id, resource: resolver.ref(id) }));

const auditBucket = (resolver: TemplateResolver): Target[] => {
  const id = Object.entries(resolver.template.Resources).find(
    ([, r]) => r.Type === "AWS::S3::Bucket" && r.Properties?.ObjectLockEnabled === true,
  )?.[0];
  return id
    ? [
        {
          name: id,
          resource: `arn:${resolver.where.partition}:s3:::${resolver.name(id)}/audit/inc-1/0001.json`,
        },
      ]
    : [];
};

const cloudWatchPublish =
  (secure: boolean) =>
  (_t: Target, w: Account): Omit<SimRequest, "resource"> => ({
    principal: "cloudwatch.amazonaws.com",
    identityPolicies: [],
    action: "sns:Publish",
    context: {
      "aws:SecureTransport": String(secure),
      "aws:SourceAccount": w.account,
      "aws:SourceArn": `arn:${w.partition}:cloudwatch:${w.region}:${w.account}:alarm:checkout-5xx`,
    },
  });

/** An account administrator: identity policy allows everything. */
const admin =
  (action: string) =>
  (_t: Target, w: Account): Omit<SimRequest, "resource"> => ({
    principal: `arn:${w.partition}:iam::${w.account}:role/Admin`,
    identityPolicies: [
      {
        name: "AdministratorAccess",
        policy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] },
      },
    ],
    action,
    context: {
      "aws:PrincipalArn": `arn:${w.partition}:iam::${w.account}:role/Admin`,
      "aws:PrincipalAccount": w.account,
    },
  });

export const RESOURCE_CHECKS: readonly ResourceCheck[] = [
  {
    id: "topic.cloudwatch-publish",
    principal: "cloudwatch.amazonaws.com",
    action: "sns:Publish",
    expected: "allow",
    targets: topics,
    request: cloudWatchPublish(true),
  },
  {
    id: "topic.publish-without-tls",
    principal: "cloudwatch.amazonaws.com",
    action: "sns:Publish",
    expected: "deny",
    targets: topics,
    request: cloudWatchPublish(false),
  },
  {
    id: "audit.admin-delete",
    principal: "account admin",
    action: "s3:DeleteObject",
    expected: "deny",
    targets: auditBucket,
    request: admin("s3:DeleteObject"),
  },
  {
    id: "audit.admin-delete-version",
    principal: "account admin",
    action: "s3:DeleteObjectVersion",
    expected: "deny",
    targets: auditBucket,
    request: admin("s3:DeleteObjectVersion"),
  },
];
