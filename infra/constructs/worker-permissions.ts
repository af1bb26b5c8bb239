/**
 * What the worker may do beyond its own data: read the account to investigate, change only resources
 * carrying the managed tag through the enabled catalogue actions, and call the configured Bedrock model.
 * Every wildcard here is listed, with its reason, in `infra/iam-wildcards.ts`.
 */
import { Aws, type Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { ActionId, ResponderConfig } from "../config.js";
import { dataReadStatements } from "./data-read-permissions.js";
import { familyActionStatements } from "./family-permissions.js";
import type { ModelChoice } from "./model-choice.js";

/** `arn:<partition>:<service>:<region>:<account>:<rest>` in this stack's account and Region. */
function arn(service: string, rest: string): string {
  return `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${rest}`;
}

/**
 * Read-only investigation, matching what `tools/aws` calls: metrics, alarms, logs, change history
 * (scaling activities, Lambda versions, SSM executions and commands) and descriptions of the resources.
 */
export function investigationStatements(config: ResponderConfig): iam.PolicyStatement[] {
  const logGroups =
    config.logGroupPrefixes.length === 0
      ? [arn("logs", "log-group:*")]
      : config.logGroupPrefixes.map((prefix) => arn("logs", `log-group:${prefix}*`));
  return [
    new iam.PolicyStatement({
      sid: "ReadWithoutResourceLevel",
      actions: [
        "cloudwatch:GetMetricData",
        "logs:GetQueryResults",
        "logs:StopQuery",
        "ec2:DescribeInstances",
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeScalingActivities",
        "ecs:ListClusters",
        "ecs:ListServices",
        "ecs:ListTaskDefinitions",
        "logs:DescribeLogGroups",
        "tag:GetResources",
        "ssm:DescribeAutomationExecutions",
        "ssm:ListCommands",
        "ssm:GetCommandInvocation",
        "cloudtrail:LookupEvents",
        "ec2:DescribeSecurityGroups",
        "wafv2:ListIPSets",
      ],
      resources: ["*"],
    }),
    // AppConfig deployment history (change feed; the rollback's history check and status). Authorised on the
    // application, the environment and the deployment (numbered at run time, untagged): all under application/.
    new iam.PolicyStatement({
      sid: "ReadAppConfigDeployments",
      actions: ["appconfig:ListDeployments", "appconfig:GetDeployment"],
      resources: [arn("appconfig", "application/*")],
    }),
    // Access resources are described only when they carry the managed tag (the ones actions may change).
    new iam.PolicyStatement({
      sid: "ReadManagedRoles",
      actions: ["iam:GetRole", "iam:ListAttachedRolePolicies"],
      resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/*`],
      conditions: { StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue } },
    }),
    new iam.PolicyStatement({
      sid: "ReadManagedIpSets",
      actions: ["wafv2:GetIPSet", "wafv2:ListTagsForResource"],
      resources: [arn("wafv2", "regional/ipset/*")],
      conditions: { StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue } },
    }),
    // The change feed reads the history of the parameters the responder manages (same tag as its actions).
    new iam.PolicyStatement({
      sid: "ReadParameterHistory",
      actions: ["ssm:GetParameterHistory"],
      resources: [arn("ssm", "parameter/*")],
      conditions: { StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue } },
    }),
    ...dataReadStatements(config),
    new iam.PolicyStatement({
      sid: "ReadAlarms",
      actions: ["cloudwatch:DescribeAlarms", "cloudwatch:ListTagsForResource"],
      resources: [arn("cloudwatch", "alarm:*")],
    }),
    new iam.PolicyStatement({
      sid: "ReadLogs",
      actions: ["logs:FilterLogEvents", "logs:StartQuery"],
      resources: logGroups,
    }),
    // Change history reads automation executions whether or not the restart action is enabled.
    new iam.PolicyStatement({
      sid: "ReadAutomationExecutions",
      actions: ["ssm:GetAutomationExecution"],
      resources: [arn("ssm", "automation-execution/*")],
    }),
    new iam.PolicyStatement({
      sid: "ReadEcsServices",
      actions: ["ecs:DescribeServices"],
      resources: [arn("ecs", "service/*")],
    }),
    new iam.PolicyStatement({
      sid: "ReadLambdaFunctions",
      actions: ["lambda:GetAlias", "lambda:ListAliases", "lambda:ListVersionsByFunction", "lambda:ListTags"],
      resources: [arn("lambda", "function:*")],
    }),
  ];
}

/**
 * Direct API actions of the catalogue (SSM Automation runbooks get their own roles, `ssm-roles.ts`).
 * Each is allowed only on resources tagged `targetTagKey = targetTagValue`.
 */
export function actionStatements(config: ResponderConfig): iam.PolicyStatement[] {
  const tagged = { StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue } };
  const byAction: Partial<Record<ActionId, iam.PolicyStatement[]>> = {
    "ecs-rollback-service": [
      new iam.PolicyStatement({
        sid: "EcsRollback",
        actions: ["ecs:UpdateService"],
        resources: [arn("ecs", "service/*")],
        conditions: tagged,
      }),
    ],
    "lambda-rollback-alias": [
      new iam.PolicyStatement({
        sid: "LambdaAliasRollback",
        actions: ["lambda:UpdateAlias"],
        resources: [arn("lambda", "function:*")],
        conditions: tagged,
      }),
    ],
    "asg-set-desired-capacity": [
      new iam.PolicyStatement({
        sid: "AsgDesiredCapacity",
        actions: ["autoscaling:SetDesiredCapacity"],
        resources: [arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
        conditions: tagged,
      }),
    ],
    // Run Command: the AWS-owned shell document, on tagged instances only (SSM's own tag condition key).
    "ec2-cleanup-rotated-logs": [
      new iam.PolicyStatement({
        sid: "RunCommandDocument",
        actions: ["ssm:SendCommand"],
        resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}::document/AWS-RunShellScript`],
      }),
      new iam.PolicyStatement({
        sid: "RunCommandTaggedInstances",
        actions: ["ssm:SendCommand"],
        resources: [arn("ec2", "instance/*")],
        conditions: { StringEquals: { [`ssm:resourceTag/${config.targetTagKey}`]: config.targetTagValue } },
      }),
    ],
  };
  return [...config.enabledActions.flatMap((id) => byAction[id] ?? []), ...familyActionStatements(config)];
}

/**
 * Bedrock: the inference profile and the foundation model behind it, nothing else. A plain model id gets
 * that model in this Region only. For a profile, the model is allowed in the configured Regions or, by
 * default, in any Region but only when called through this profile (`bedrock:InferenceProfileArn`).
 */
export function bedrockStatements(
  config: ResponderConfig,
  stack: Stack,
  model: ModelChoice | undefined,
): iam.PolicyStatement[] {
  const statements: iam.PolicyStatement[] = [];
  const actions = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"];
  if (model) {
    if (!model.profile) {
      statements.push(
        new iam.PolicyStatement({
          sid: "BedrockModel",
          actions,
          resources: [`arn:${Aws.PARTITION}:bedrock:${Aws.REGION}::foundation-model/${model.id}`],
        }),
      );
    } else {
      const profileArn = arn("bedrock", `inference-profile/${model.id}`);
      const regions = config.bedrockModelRegions.length > 0 ? config.bedrockModelRegions : ["*"];
      statements.push(
        new iam.PolicyStatement({ sid: "BedrockInferenceProfile", actions, resources: [profileArn] }),
        new iam.PolicyStatement({
          sid: "BedrockModelViaProfile",
          actions,
          resources: regions.map((r) => `arn:${Aws.PARTITION}:bedrock:${r}::foundation-model/${model.model}`),
          conditions: { StringEquals: { "bedrock:InferenceProfileArn": profileArn } },
        }),
      );
    }
    // Bedrock subscribes the account to a Marketplace-listed model (e.g. Anthropic's) on its first
    // invocation, with the caller's permissions; without these the first call fails with AccessDenied.
    statements.push(
      new iam.PolicyStatement({
        sid: "BedrockModelSubscription",
        actions: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe"],
        resources: ["*"],
      }),
    );
  }
  if (config.knowledgeBaseId !== "") {
    statements.push(
      new iam.PolicyStatement({
        sid: "BedrockKnowledgeBase",
        actions: ["bedrock:Retrieve"],
        resources: [
          stack.formatArn({
            service: "bedrock",
            resource: "knowledge-base",
            resourceName: config.knowledgeBaseId,
          }),
        ],
      }),
    );
  }
  return statements;
}
