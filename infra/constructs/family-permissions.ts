/**
 * IAM for the catalogue families beyond the first five: one statement (or two) per action, each scoped to
 * resources carrying the managed tag, plus one role per AWS-owned Automation runbook they start. Kept apart
 * from `worker-permissions.ts` / `ssm-roles.ts` so each family's grant sits next to its reason.
 */
import { Aws } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { ActionId, ResponderConfig } from "../config.js";
import type { AutomationRunbook } from "./ssm-roles.js";

function arn(service: string, rest: string): string {
  return `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${rest}`;
}

const tagged = (config: ResponderConfig) => ({
  StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue },
});

/** Managed policies the responder must never attach, whatever a recorded change says. */
export const NEVER_ATTACH = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/IAMFullAccess",
  "arn:aws:iam::aws:policy/PowerUserAccess",
];

const statement = (
  sid: string,
  actions: string[],
  resources: string[],
  conditions?: Record<string, unknown>,
) => new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) });

/** Direct API statements of the new families, keyed by catalogue action. */
export function familyStatementsByAction(
  config: ResponderConfig,
): Partial<Record<ActionId, iam.PolicyStatement[]>> {
  const t = tagged(config);
  const lambdaFns = [arn("lambda", "function:*")];
  const tables = [arn("dynamodb", "table/*")];
  const queues = [arn("sqs", "*")];
  const sqsLookups = ["sqs:GetQueueUrl", "sqs:GetQueueAttributes"];
  return {
    "lambda-set-reserved-concurrency": [
      statement("LambdaPutConcurrency", ["lambda:PutFunctionConcurrency"], lambdaFns, t),
    ],
    "lambda-stop-recursive-loop": [
      statement("LambdaStopConcurrency", ["lambda:PutFunctionConcurrency"], lambdaFns, t),
    ],
    "lambda-remove-reserved-concurrency": [
      statement("LambdaDeleteConcurrency", ["lambda:DeleteFunctionConcurrency"], lambdaFns, t),
    ],
    "dynamodb-switch-to-on-demand": [statement("DynamoOnDemand", ["dynamodb:UpdateTable"], tables, t)],
    "dynamodb-set-provisioned-capacity": [
      statement("DynamoProvisioned", ["dynamodb:UpdateTable"], tables, t),
    ],
    // The adapter resolves both queues by name (GetQueueUrl) and the dead-letter queue's ARN for the policy.
    "sqs-move-poison-messages": [
      statement("SqsMoveAside", ["sqs:SetQueueAttributes", ...sqsLookups], queues, t),
    ],
    "sqs-restore-redrive-policy": [
      statement("SqsRestoreRedrive", ["sqs:SetQueueAttributes", ...sqsLookups], queues, t),
    ],
    "sqs-redrive-dead-letter-queue": [
      // The move task is authorised on the dead-letter queue (source of the move) and needs reads on it.
      statement(
        "SqsRedrive",
        [
          "sqs:StartMessageMoveTask",
          "sqs:ListMessageMoveTasks",
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          ...sqsLookups,
        ],
        queues,
        t,
      ),
      statement("SqsRedriveTarget", ["sqs:SendMessage"], queues, t),
    ],
    // StartDeployment is authorised on the environment and the configuration profile (tagged) and on the
    // deployment strategy: only AWS's predefined all-at-once one, which carries no tags. The history read and
    // the status poll are investigation reads (`worker-permissions.ts`: the change feed reads them too).
    "appconfig-rollback-configuration": [
      statement("AppConfigRollback", ["appconfig:StartDeployment"], [arn("appconfig", "application/*")], t),
      statement(
        "AppConfigRollbackStrategy",
        ["appconfig:StartDeployment"],
        [arn("appconfig", "deploymentstrategy/AppConfig.AllAtOnce")],
      ),
    ],
    "ssm-parameter-revert": [
      statement(
        "ParameterRevert",
        ["ssm:GetParameterHistory", "ssm:PutParameter"],
        [arn("ssm", "parameter/*")],
        t,
      ),
    ],
    "ecs-force-new-deployment": [
      statement("EcsForceNewDeployment", ["ecs:UpdateService"], [arn("ecs", "service/*")], t),
    ],
    "ecs-set-desired-count": [
      statement("EcsDesiredCount", ["ecs:UpdateService"], [arn("ecs", "service/*")], t),
    ],
    "asg-raise-max-size": [
      statement(
        "AsgMaxSize",
        ["autoscaling:UpdateAutoScalingGroup"],
        [arn("autoscaling", "autoScalingGroup:*:autoScalingGroupName/*")],
        t,
      ),
    ],
    "waf-block-ip-set": [
      statement("WafIpSet", ["wafv2:GetIPSet", "wafv2:UpdateIPSet"], [arn("wafv2", "regional/ipset/*")], t),
    ],
    "waf-restore-ip-set": [
      statement(
        "WafIpSetRestore",
        ["wafv2:GetIPSet", "wafv2:UpdateIPSet"],
        [arn("wafv2", "regional/ipset/*")],
        t,
      ),
    ],
    "sg-restore-ingress-rule": [
      statement(
        "SgRestoreIngress",
        ["ec2:AuthorizeSecurityGroupIngress"],
        [arn("ec2", "security-group/*")],
        t,
      ),
    ],
    "iam-reattach-role-policy": [
      new iam.PolicyStatement({
        sid: "IamReattachPolicy",
        actions: ["iam:AttachRolePolicy"],
        resources: [`arn:${Aws.PARTITION}:iam::${Aws.ACCOUNT_ID}:role/*`],
        conditions: {
          ...t,
          ArnNotEquals: { "iam:PolicyARN": NEVER_ATTACH },
        },
      }),
    ],
  };
}

/** Statements for the enabled new-family actions (API calls; runbooks get roles below). */
export function familyActionStatements(config: ResponderConfig): iam.PolicyStatement[] {
  const byAction = familyStatementsByAction(config);
  return config.enabledActions.flatMap((id) => byAction[id] ?? []);
}

/** The AWS-owned Automation runbooks the new families start, each with what its steps call. */
export const FAMILY_RUNBOOKS: readonly AutomationRunbook[] = [
  {
    // Steps per the runbook's published permission list: snapshot, modify, then extend through Run Command.
    document: "AWS-ExtendEbsVolume",
    actionId: "ebs-extend-volume",
    statements: (config) => [
      statement(
        "ModifyTaggedVolumes",
        ["ec2:ModifyVolume", "ec2:CreateSnapshot"],
        [arn("ec2", "volume/*")],
        tagged(config),
      ),
      statement("SnapshotHousekeeping", ["ec2:CreateTags", "ec2:DeleteSnapshot"], [arn("ec2", "snapshot/*")]),
      statement(
        "DescribeVolumes",
        ["ec2:DescribeVolumes", "ssm:DescribeInstanceInformation", "ssm:GetCommandInvocation"],
        ["*"],
      ),
      statement("ExtendFileSystem", ["ssm:SendCommand"], [arn("ec2", "instance/*")], {
        StringEquals: { [`ssm:resourceTag/${config.targetTagKey}`]: config.targetTagValue },
      }),
      statement(
        "ExtendFileSystemDocument",
        ["ssm:SendCommand"],
        [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}::document/AWS-RunShellScript`],
      ),
    ],
  },
  {
    document: "AWS-RebootRdsInstance",
    actionId: "rds-reboot-instance",
    statements: (config) => [
      statement("RebootTaggedDb", ["rds:RebootDBInstance"], [arn("rds", "db:*")], tagged(config)),
      statement("DescribeDb", ["rds:DescribeDBInstances"], [arn("rds", "db:*")]),
    ],
  },
];
