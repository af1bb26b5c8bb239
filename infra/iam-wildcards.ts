/**
 * Every wildcard the stack's policies may contain, each with the reason AWS requires it. The stack
 * acknowledges cdk-nag's AwsSolutions-IAM5 findings from this list (and only for statements whose actions
 * the entry names); `iam.test.ts` walks every policy statement in the template against it.
 */
import { CfnResource, Stack, Validations } from "aws-cdk-lib";
import { CfnManagedPolicy, CfnPolicy, CfnRole } from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";
import { DATA_READ_WILDCARDS } from "./data-read-wildcards.js";
import { FAMILY_WILDCARDS } from "./family-wildcards.js";

export interface WildcardAllowance {
  /** The finding as cdk-nag words it: `Resource::<flattened ARN>` or `Action::<action>`. */
  finding: RegExp;
  /** Every action of a statement carrying the wildcard must be one of these. */
  actions: readonly string[];
  /** A condition key the statement must carry (e.g. the target tag), when the wildcard is only safe with it. */
  condition?: string;
  reason: string;
}

const ACCOUNT_ARN = (service: string) =>
  `arn:<AWS::Partition>:${service}:<AWS::Region>:<AWS::AccountId>:`.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const resource = (service: string, rest: string) => new RegExp(`^Resource::${ACCOUNT_ARN(service)}${rest}$`);

/** Actions that support no resource-level permissions: IAM only accepts `Resource: "*"` for them. */
export const NO_RESOURCE_LEVEL_ACTIONS: Readonly<Record<string, string>> = {
  "cloudwatch:GetMetricData": "metric reads have no resource type",
  "logs:GetQueryResults": "Logs Insights query results have no resource type",
  "logs:StopQuery": "Logs Insights queries have no resource type",
  "ec2:DescribeInstances": "EC2 Describe* calls have no resource-level permissions",
  "ec2:DescribeInstanceStatus": "EC2 Describe* calls have no resource-level permissions",
  "ec2:DescribeVolumes": "EC2 Describe* calls have no resource-level permissions",
  "ec2:DescribeSecurityGroups": "EC2 Describe* calls have no resource-level permissions",
  "wafv2:ListIPSets": "listing IP sets has no resource type (the set is then read by id, tag-scoped)",
  "ssm:DescribeInstanceInformation": "listing managed instances has no resource type",
  "autoscaling:DescribeAutoScalingGroups": "Auto Scaling Describe* calls have no resource-level permissions",
  "autoscaling:DescribeScalingActivities": "Auto Scaling Describe* calls have no resource-level permissions",
  "ecs:ListClusters": "ECS List* calls have no resource-level permissions",
  "ecs:ListServices": "ECS List* calls have no resource-level permissions",
  "ecs:ListTaskDefinitions": "ECS List* calls have no resource-level permissions",
  "lambda:ListFunctions": "listing functions has no resource type",
  "ssm:DescribeAutomationExecutions": "listing Automation executions has no resource type",
  "logs:DescribeLogGroups": "listing log groups has no resource-level permissions (names only, no events)",
  "tag:GetResources":
    "the Resource Groups Tagging API has no resource type; it finds a service's functions by tag",
  "aws-marketplace:ViewSubscriptions": "Marketplace subscription reads have no resource type",
  "aws-marketplace:Subscribe":
    "Bedrock subscribes the account to a Marketplace model on its first invocation; Subscribe has no resource type",
  "ssm:ListCommands": "listing Run Command commands has no resource type",
  "ssm:GetCommandInvocation": "Run Command invocation reads have no resource type",
  "cloudtrail:LookupEvents": "CloudTrail event history lookups have no resource-level permissions",
  "xray:PutTraceSegments": "X-Ray writes have no resource type",
  "xray:PutTelemetryRecords": "X-Ray writes have no resource type",
};

export const WILDCARD_ALLOWANCES: readonly WildcardAllowance[] = [
  {
    finding: /^Resource::\*$/,
    actions: Object.keys(NO_RESOURCE_LEVEL_ACTIONS),
    reason: "these actions support no resource-level permissions, so IAM requires Resource '*'",
  },
  {
    finding: /^Resource::<[A-Za-z0-9]+\.Arn>\/\*$/,
    actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
    reason:
      "objects of a bucket dedicated to the responder; keys (per incident, per record) are made at run time",
  },
  {
    finding: resource("cloudwatch", "alarm:\\*"),
    actions: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
    reason:
      "read-only: the alarm under investigation is named by the incoming event, not known at deploy time",
  },
  {
    finding: resource("logs", "log-group:[^*]*\\*"),
    actions: ["logs:FilterLogEvents", "logs:StartQuery"],
    reason:
      "read-only: the log groups of the failing service are found at run time; narrowed by air:logGroupPrefixes",
  },
  {
    finding: resource("ecs", "service/\\*"),
    actions: ["ecs:DescribeServices"],
    reason: "read-only: the service under investigation is named by the incident, not known at deploy time",
  },
  {
    finding: resource("ecs", "service/\\*"),
    actions: ["ecs:UpdateService"],
    condition: "aws:ResourceTag/",
    reason: "rollback target is chosen per incident; only services carrying the managed tag (condition)",
  },
  {
    finding: resource("lambda", "function:\\*"),
    actions: ["lambda:GetAlias", "lambda:ListAliases", "lambda:ListVersionsByFunction", "lambda:ListTags"],
    reason: "read-only: the function under investigation is named by the incident, not known at deploy time",
  },
  {
    finding: resource("lambda", "function:\\*"),
    actions: ["lambda:UpdateAlias"],
    condition: "aws:ResourceTag/",
    reason: "rollback target is chosen per incident; only functions carrying the managed tag (condition)",
  },
  {
    finding: resource("autoscaling", "autoScalingGroup:\\*:autoScalingGroupName/\\*"),
    actions: ["autoscaling:SetDesiredCapacity"],
    condition: "aws:ResourceTag/",
    reason: "the group is chosen per incident; only groups carrying the managed tag (condition)",
  },
  {
    finding: resource("ec2", "instance/\\*"),
    actions: ["ec2:StartInstances", "ec2:StopInstances"],
    condition: "aws:ResourceTag/",
    reason: "AWS-RestartEC2Instance targets the incident's instance; only instances carrying the managed tag",
  },
  {
    finding: resource("ec2", "instance/\\*"),
    actions: ["ssm:SendCommand"],
    condition: "ssm:resourceTag/",
    reason: "approved scripts run on the incident's instance; only instances carrying the managed tag",
  },
  {
    finding: resource("ssm", "automation-execution/\\*"),
    actions: ["ssm:GetAutomationExecution", "ssm:AddTagsToResource", "ssm:ListTagsForResource"],
    reason:
      "execution ids are generated by SSM when the automation starts; tags carry the idempotency token " +
      "(StartAutomationExecution with Tags needs AddTagsToResource)",
  },
  {
    // Amazon-owned definitions have no account id in their ARN.
    finding:
      /^Resource::arn:<AWS::Partition>:ssm:<AWS::Region>::automation-definition\/AWS-[A-Za-z0-9-]+:\*$/,
    actions: ["ssm:StartAutomationExecution"],
    reason: "one named AWS-owned runbook; the ARN's last part is the document version SSM resolves at start",
  },
  {
    finding: resource("scheduler", "schedule/[A-Za-z0-9._-]+/\\*"),
    actions: ["scheduler:CreateSchedule"],
    reason:
      "wake-up schedules of the responder's own schedule group; each name is derived from incident and time at run time",
  },
  {
    finding: /^Resource::arn:<AWS::Partition>:bedrock:\*::foundation-model\/[A-Za-z0-9.:-]+$/,
    actions: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
    condition: "bedrock:InferenceProfileArn",
    reason:
      "a cross-region inference profile routes to Regions AWS chooses; the condition allows the model only " +
      "through the configured profile (AWS's documented pattern)",
  },
  // Before the families': their runbook-role allowances (no tag condition) would also match these reads.
  ...DATA_READ_WILDCARDS,
  ...FAMILY_WILDCARDS,
];

/** Wildcards in resource policies (bucket, queue, topic and key policies) and why they are needed. */
export const RESOURCE_POLICY_ALLOWANCES: readonly WildcardAllowance[] = [
  {
    finding: /^Resource::\*$/,
    actions: ["kms:*"],
    reason:
      "the key policy's account statement (CDK/AWS default) lets IAM policies grant use of the key; in a key " +
      "policy '*' means this key",
  },
  {
    finding: /^Action::kms:\*$/,
    actions: ["kms:*"],
    reason:
      "the key policy's account statement: without it IAM cannot manage the key and it becomes unusable",
  },
  {
    finding: /^Resource::\*$/,
    actions: ["kms:Decrypt", "kms:GenerateDataKey"],
    condition: "aws:SourceAccount",
    reason:
      "key policy statement for CloudWatch alarms publishing to the encrypted topics; '*' means this key",
  },
  {
    finding: /^Resource::<[A-Za-z0-9]+\.Arn>\/([a-z0-9-]+\/)?\*$/,
    actions: ["s3:PutObject"],
    condition: "aws:SourceAccount",
    reason:
      "S3 server access logging writes new objects under keys S3 chooses (one prefix per source bucket)",
  },
];

/** Turns a CloudFormation value into cdk-nag's flat string (`<AWS::Region>`, `<Logical.Arn>`). */
export function flattenCfnReference(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value.replace(/\$\{/g, "<").replace(/\}/g, ">");
  if (typeof value !== "object") return JSON.stringify(value);
  const node = value as Record<string, unknown>;
  const join = node["Fn::Join"];
  if (Array.isArray(join)) {
    const [delimiter, items] = join as [string, unknown[]];
    return items.map(flattenCfnReference).join(delimiter);
  }
  if (node["Fn::Sub"] !== undefined) return flattenCfnReference(node["Fn::Sub"]);
  const getAtt = node["Fn::GetAtt"];
  if (Array.isArray(getAtt)) return `<${flattenCfnReference(getAtt[0])}.${flattenCfnReference(getAtt[1])}>`;
  if (node["Fn::ImportValue"] !== undefined) return flattenCfnReference(node["Fn::ImportValue"]);
  if (node.Ref !== undefined) return `<${flattenCfnReference(node.Ref)}>`;
  return JSON.stringify(value);
}

export interface PolicyStatementJson {
  Effect?: string;
  Action?: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The wildcard findings of one Allow statement, each with the allowance covering it (if any). */
export function wildcardFindings(
  statement: PolicyStatementJson,
  allowances: readonly WildcardAllowance[] = WILDCARD_ALLOWANCES,
): { finding: string; allowance: WildcardAllowance | undefined }[] {
  if (statement.Effect !== "Allow") return [];
  const actions = list(statement.Action);
  const conditionKeys = Object.values(statement.Condition ?? {}).flatMap((c) => Object.keys(c));
  const findings = [
    ...actions.filter((a) => a.includes("*")).map((a) => `Action::${a}`),
    ...list(statement.Resource)
      .map(flattenCfnReference)
      .filter((r) => r.includes("*"))
      .map((r) => `Resource::${r}`),
  ];
  return findings.map((finding) => ({
    finding,
    allowance: allowances.find(
      (a) =>
        a.finding.test(finding) &&
        actions.every((action) => a.actions.includes(action)) &&
        (a.condition === undefined || conditionKeys.some((k) => k.startsWith(a.condition ?? ""))),
    ),
  }));
}

/**
 * Acknowledges, on each IAM policy, managed policy and role, the IAM5 findings an allowance covers, with its reason.
 * Call once after the stack is built; an uncovered wildcard stays a cdk-nag error.
 */
export function acknowledgeWildcards(root: IConstruct): void {
  for (const node of root.node.findAll()) {
    if (!CfnResource.isCfnResource(node)) continue;
    const stack = Stack.of(node);
    const documents: unknown[] = [];
    if (node instanceof CfnPolicy || node instanceof CfnManagedPolicy) {
      documents.push(stack.resolve(node.policyDocument));
    }
    if (node instanceof CfnRole) {
      for (const p of list(stack.resolve(node.policies) as { policyDocument: unknown }[] | undefined)) {
        documents.push(stack.resolve(p.policyDocument));
      }
    }
    const acknowledged = new Map<string, { reasons: Set<string>; actions: Set<string> }>();
    const uncovered = new Set<string>();
    for (const doc of documents) {
      for (const statement of list((doc as { Statement?: PolicyStatementJson[] }).Statement)) {
        for (const { finding, allowance } of wildcardFindings(statement)) {
          if (!allowance) {
            uncovered.add(finding);
            continue;
          }
          const entry = acknowledged.get(finding) ?? { reasons: new Set(), actions: new Set() };
          entry.reasons.add(allowance.reason);
          for (const action of list(statement.Action)) entry.actions.add(action);
          acknowledged.set(finding, entry);
        }
      }
    }
    // nag reports a finding once per policy: acknowledge it only if every statement carrying it is covered.
    for (const [finding, { reasons, actions }] of acknowledged) {
      if (uncovered.has(finding)) continue;
      const reason = `${[...reasons].join("; ")} (${[...actions].sort().join(", ")})`;
      Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    }
  }
}
