/**
 * The wildcards the new catalogue families' statements carry (`constructs/family-permissions.ts`), each
 * safe only with the managed-tag condition: the target is chosen per incident, never known at deploy time.
 */
import type { WildcardAllowance } from "./iam-wildcards.js";

const ACCOUNT_ARN = (service: string) =>
  `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const resource = (service: string, rest: string) => new RegExp(`^Resource::${ACCOUNT_ARN(service)}${rest}$`);
const PER_INCIDENT = "the target is chosen per incident; only resources carrying the managed tag (condition)";

export const FAMILY_WILDCARDS: readonly WildcardAllowance[] = [
  {
    finding: resource("lambda", "function:\\*"),
    actions: ["lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency"],
    condition: "aws:ResourceTag/",
    reason: PER_INCIDENT,
  },
  {
    finding: resource("dynamodb", "table/\\*"),
    actions: ["dynamodb:UpdateTable"],
    condition: "aws:ResourceTag/",
    reason: PER_INCIDENT,
  },
  {
    finding: resource("sqs", "\\*"),
    actions: [
      "sqs:SetQueueAttributes",
      "sqs:StartMessageMoveTask",
      "sqs:ReceiveMessage",
      "sqs:DeleteMessage",
      "sqs:GetQueueAttributes",
      "sqs:GetQueueUrl",
      "sqs:ListMessageMoveTasks",
      "sqs:SendMessage",
    ],
    condition: "aws:ResourceTag/",
    reason: `${PER_INCIDENT}; a redrive moves messages between the queue and its own dead-letter queue`,
  },
  {
    finding: resource("ssm", "parameter/\\*"),
    actions: ["ssm:GetParameterHistory", "ssm:PutParameter"],
    condition: "aws:ResourceTag/",
    reason: PER_INCIDENT,
  },
  {
    finding: resource("autoscaling", "autoScalingGroup:\\*:autoScalingGroupName/\\*"),
    actions: ["autoscaling:UpdateAutoScalingGroup"],
    condition: "aws:ResourceTag/",
    reason: `${PER_INCIDENT}; the new MaxSize is bounded by the group's own ceiling in the catalogue`,
  },
  {
    finding: resource("ec2", "security-group/\\*"),
    actions: ["ec2:AuthorizeSecurityGroupIngress"],
    condition: "aws:ResourceTag/",
    reason: `${PER_INCIDENT}; only rules the change feed recorded as revoked (catalogue rule)`,
  },
  {
    finding: resource("appconfig", "application/\\*"),
    actions: ["appconfig:StartDeployment"],
    condition: "aws:ResourceTag/",
    reason: PER_INCIDENT,
  },
  {
    finding: resource("appconfig", "application/\\*"),
    actions: ["appconfig:ListDeployments", "appconfig:GetDeployment"],
    reason:
      "read-only: the change feed and the rollback read the history of the environments the incident names " +
      "and follow deployments numbered at run time (untagged)",
  },
  {
    finding: resource("wafv2", "regional/ipset/\\*"),
    actions: ["wafv2:GetIPSet", "wafv2:UpdateIPSet"],
    condition: "aws:ResourceTag/",
    reason: PER_INCIDENT,
  },
  {
    finding: resource("wafv2", "regional/ipset/\\*"),
    actions: ["wafv2:GetIPSet", "wafv2:ListTagsForResource"],
    condition: "aws:ResourceTag/",
    reason:
      "read-only: the IP set is named by the incident; only sets carrying the managed tag are described",
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role\/\*$/,
    actions: ["iam:GetRole", "iam:ListAttachedRolePolicies"],
    condition: "aws:ResourceTag/",
    reason: "read-only: the role is named by the incident; only roles carrying the managed tag are described",
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role\/\*$/,
    actions: ["iam:AttachRolePolicy"],
    condition: "aws:ResourceTag/",
    reason: `${PER_INCIDENT}; administrator-level AWS managed policies are excluded by condition`,
  },
  {
    finding: resource("ec2", "volume/\\*"),
    actions: ["ec2:ModifyVolume", "ec2:CreateSnapshot"],
    condition: "aws:ResourceTag/",
    reason: `AWS-ExtendEbsVolume: ${PER_INCIDENT}`,
  },
  {
    finding: resource("ec2", "snapshot/\\*"),
    actions: ["ec2:CreateTags", "ec2:DeleteSnapshot"],
    reason: "AWS-ExtendEbsVolume names the safety snapshot it creates at run time and may delete it after",
  },
  {
    finding: resource("rds", "db:\\*"),
    actions: ["rds:RebootDBInstance"],
    condition: "aws:ResourceTag/",
    reason: `AWS-RebootRdsInstance: ${PER_INCIDENT}`,
  },
  {
    finding: resource("rds", "db:\\*"),
    actions: ["rds:DescribeDBInstances"],
    reason: "read-only: AWS-RebootRdsInstance waits for the instance named by the incident to be available",
  },
];
