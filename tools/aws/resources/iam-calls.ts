/**
 * IAM call registry entries for investigation (read-only): metrics, alarms, resource descriptions, change
 * history, finding a service's resources, and the model path (Bedrock, first-use Marketplace subscription).
 */
import type { ArnContext, IamCall } from "../iam-call-types.js";
import { accountArn } from "../iam-call-types.js";
import { DATA_RESOURCE_IAM_CALLS } from "./data-iam-calls.js";

const any = () => "*";
const GEO_PROFILE = /^(us|eu|apac|jp|au|ca|us-gov|global)\.(.+)$/;

/** A read with no resource-level permission (IAM evaluates it on `*`). */
const star = (id: string, action: string, source: string): IamCall => ({
  id,
  principals: ["worker"],
  action,
  resource: any,
  source,
});

const hasModel = (c: ArnContext) => c.bedrockModelId !== "";
const profileArn = (c: ArnContext) => accountArn(c, "bedrock", `inference-profile/${c.bedrockModelId}`);

const role = (c: ArnContext) => `arn:${c.partition}:iam::${c.account}:role/checkout-task-role`;
const ipSet = (c: ArnContext) =>
  accountArn(c, "wafv2", "regional/ipset/edge-blocklist/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0");
const tagged = (c: ArnContext) => ({ [`aws:ResourceTag/${c.targetTag.key}`]: c.targetTag.value });
const untagged = (c: ArnContext) => ({ [`aws:ResourceTag/${c.targetTag.key}`]: "false" });

/** A read of a resource carrying the managed tag, and the probe that an untagged one stays unreadable. */
const taggedRead = (
  id: string,
  action: string,
  resource: (c: ArnContext) => string,
  source: string,
): IamCall[] => [
  { id, principals: ["worker"], action, resource, context: tagged, source },
  { id: `${id}.untagged`, principals: [], action, resource, context: untagged, expect: "deny", source },
];

/** Security groups, IAM roles and WAF IP sets (`resources/access.ts`); the WAF set also by the block action. */
const ACCESS_READS: readonly IamCall[] = [
  star("ec2.describe-security-groups", "ec2:DescribeSecurityGroups", "tools/aws/resources/access.ts"),
  star("wafv2.list-ip-sets", "wafv2:ListIPSets", "tools/aws/resources/access.ts (ListIPSetsCommand)"),
  ...taggedRead("iam.get-role", "iam:GetRole", role, "tools/aws/resources/access.ts (GetRoleCommand)"),
  ...taggedRead(
    "iam.list-attached-role-policies",
    "iam:ListAttachedRolePolicies",
    role,
    "tools/aws/resources/access.ts (ListAttachedRolePoliciesCommand)",
  ),
  ...taggedRead(
    "wafv2.get-ip-set",
    "wafv2:GetIPSet",
    ipSet,
    "tools/aws/resources/access.ts; automation/api-calls-access.ts (GetIPSetCommand: addresses and lock token)",
  ),
  ...taggedRead("wafv2.ip-set-tags", "wafv2:ListTagsForResource", ipSet, "tools/aws/resources/access.ts"),
];

export const INVESTIGATION_IAM_CALLS: readonly IamCall[] = [
  ...ACCESS_READS,
  ...DATA_RESOURCE_IAM_CALLS,
  star("cloudwatch.metric-data", "cloudwatch:GetMetricData", "tools/aws/metrics.ts (GetMetricDataCommand)"),
  {
    id: "cloudwatch.describe-alarms",
    principals: ["worker"],
    action: "cloudwatch:DescribeAlarms",
    resource: (c) => accountArn(c, "cloudwatch", "alarm:checkout-5xx"),
    source: "tools/aws/alarms.ts (DescribeAlarmsCommand)",
  },
  {
    id: "cloudwatch.alarm-tags",
    principals: ["worker"],
    action: "cloudwatch:ListTagsForResource",
    resource: (c) => accountArn(c, "cloudwatch", "alarm:checkout-5xx"),
    source: "tools/aws/alarms.ts (ListTagsForResourceCommand)",
  },
  {
    id: "ec2.describe-instances",
    // The restart runbook's role polls the instance state too.
    principals: ["worker", "ssm-role:AWS-RestartEC2Instance"],
    action: "ec2:DescribeInstances",
    resource: any,
    source: "tools/aws/resources/ec2.ts; AWS-RestartEC2Instance (aws:changeInstanceState)",
  },
  star("asg.describe-groups", "autoscaling:DescribeAutoScalingGroups", "tools/aws/resources/asg.ts"),
  star("asg.scaling-activities", "autoscaling:DescribeScalingActivities", "tools/aws/changes/compute.ts"),
  star("ecs.list-clusters", "ecs:ListClusters", "tools/aws/resources/ecs.ts (ListClustersCommand)"),
  {
    id: "ecs.list-services",
    principals: ["worker"],
    action: "ecs:ListServices",
    resource: any,
    source: "tools/aws/resources/ecs.ts (ListServicesCommand)",
  },
  star("ecs.list-task-definitions", "ecs:ListTaskDefinitions", "tools/aws/changes/compute.ts"),
  {
    id: "ecs.describe-services",
    principals: ["worker"],
    action: "ecs:DescribeServices",
    resource: (c) => accountArn(c, "ecs", "service/prod/checkout"),
    source: "tools/aws/resources/ecs.ts (DescribeServicesCommand)",
  },
  ...(["GetAlias", "ListAliases", "ListVersionsByFunction", "ListTags"] as const).map(
    (op): IamCall => ({
      id: `lambda.${op}`,
      principals: ["worker"],
      action: `lambda:${op}`,
      resource: (c) => accountArn(c, "lambda", "function:checkout-api"),
      source: `tools/aws/resources/lambda.ts (${op}Command)`,
    }),
  ),
  star(
    "tag.get-resources",
    "tag:GetResources",
    "tools/aws/resources/tagged.ts (GetResourcesCommand, paginated, tag filters)",
  ),
  star("ssm.describe-automations", "ssm:DescribeAutomationExecutions", "tools/aws/changes/ssm.ts"),
  {
    id: "ssm.get-automation",
    principals: ["worker"],
    action: "ssm:GetAutomationExecution",
    resource: (c) => accountArn(c, "ssm", "automation-execution/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab"),
    source: "tools/aws/changes/ssm.ts, automation/ssm-automation.ts (GetAutomationExecutionCommand)",
  },
  star("ssm.list-commands", "ssm:ListCommands", "tools/aws/changes/ssm.ts (ListCommandsCommand)"),
  {
    ...star("ssm.command-invocation", "ssm:GetCommandInvocation", "tools/aws/automation/run-command.ts"),
    // AWS-ExtendEbsVolume follows its own file-system command, as its role.
    principals: ["worker", "ssm-role:AWS-ExtendEbsVolume"],
  },
  {
    id: "bedrock.invoke-profile",
    principals: ["worker"],
    action: "bedrock:InvokeModel",
    resource: (c) =>
      GEO_PROFILE.test(c.bedrockModelId)
        ? profileArn(c)
        : `arn:${c.partition}:bedrock:${c.region}::foundation-model/${c.bedrockModelId}`,
    when: hasModel,
    source: "@langchain/aws ChatBedrockConverse (ConverseCommand)",
  },
  {
    id: "bedrock.invoke-model-via-profile",
    principals: ["worker"],
    action: "bedrock:InvokeModel",
    resource: (c) => {
      const model = GEO_PROFILE.exec(c.bedrockModelId)?.[2] ?? c.bedrockModelId;
      return `arn:${c.partition}:bedrock:${c.region}::foundation-model/${model}`;
    },
    context: (c): Record<string, string> =>
      GEO_PROFILE.test(c.bedrockModelId) ? { "bedrock:InferenceProfileArn": profileArn(c) } : {},
    when: hasModel,
    source: "Bedrock routes a profile call to the model in one of its Regions",
  },
  {
    id: "bedrock.other-model",
    principals: [],
    action: "bedrock:InvokeModel",
    resource: (c) => `arn:${c.partition}:bedrock:${c.region}::foundation-model/some.other-model-v1:0`,
    expect: "deny",
    source: "scope probe: only the configured model",
  },
  ...(["ViewSubscriptions", "Subscribe"] as const).map(
    (op): IamCall => ({
      id: `marketplace.${op}`,
      principals: ["worker"],
      action: `aws-marketplace:${op}`,
      resource: any,
      when: hasModel,
      source: "Bedrock subscribes the account to a Marketplace model on its first invocation",
    }),
  ),
  {
    id: "bedrock.retrieve-kb",
    principals: ["worker"],
    action: "bedrock:Retrieve",
    resource: (c) => accountArn(c, "bedrock", `knowledge-base/${c.knowledgeBaseId || "KBNOTSET00"}`),
    when: (c) => c.knowledgeBaseId !== "",
    source: "knowledge/retrieval/bedrock-kb.ts (RetrieveCommand)",
  },
];
