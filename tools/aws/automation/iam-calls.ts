/**
 * IAM call registry entries for the catalogue's actions. One action = its calls here, beside the adapter
 * that makes them (`api-calls.ts`, `run-command.ts`, `ssm-automation.ts`): each allowed on a tagged target
 * and probed on an untagged one. SSM Automation runbooks list what the runbook's role calls as
 * `ssm-role:<document>`.
 */
import type { ArnContext, IamCall } from "../iam-call-types.js";
import { accountArn, envVar, tagged, untagged } from "../iam-call-types.js";

/** A direct API action on a tagged target, and the same call on an untagged one (must be denied). */
function taggedAction(
  actionId: string,
  action: string,
  resource: (c: ArnContext) => string,
  source: string,
): IamCall[] {
  const id = action.replace(":", ".");
  return [
    { id, principals: ["worker"], action, resource, context: tagged, actionId, source },
    { id: `${id}.untagged`, principals: [], action, resource, context: untagged, expect: "deny", source },
  ];
}

/** The role SSM assumes for a runbook, from the map the stack gives the worker. */
function automationRole(c: ArnContext, document: string): string {
  const roles = JSON.parse(envVar(c, "AIR_SSM_AUTOMATION_ROLES")) as Record<string, string>;
  // No role when the runbook's action is disabled: probe a role name that does not exist.
  return roles[document] ?? `arn:${c.partition}:iam::${c.account}:role/not-deployed-${document}`;
}

const RESTART = "AWS-RestartEC2Instance";
const instance = (c: ArnContext) => accountArn(c, "ec2", "instance/i-0123456789abcdef0");

export const ACTION_IAM_CALLS: readonly IamCall[] = [
  ...taggedAction(
    "ecs-rollback-service",
    "ecs:UpdateService",
    (c) => accountArn(c, "ecs", "service/prod/checkout"),
    "automation/api-calls.ts (UpdateServiceCommand)",
  ),
  ...taggedAction(
    "lambda-rollback-alias",
    "lambda:UpdateAlias",
    (c) => accountArn(c, "lambda", "function:checkout-api"),
    "automation/api-calls.ts (UpdateAliasCommand)",
  ),
  ...taggedAction(
    "asg-set-desired-capacity",
    "autoscaling:SetDesiredCapacity",
    (c) => accountArn(c, "autoscaling", "autoScalingGroup:0f1e2d3c-aaaa:autoScalingGroupName/checkout-asg"),
    "automation/api-calls.ts (SetDesiredCapacityCommand)",
  ),
  // Run Command is authorised on the document and on each target instance (SSM's own tag key).
  {
    id: "ssm.send-command.document",
    // AWS-ExtendEbsVolume extends the file system through Run Command, as its role.
    principals: ["worker", "ssm-role:AWS-ExtendEbsVolume"],
    action: "ssm:SendCommand",
    resource: (c) => `arn:${c.partition}:ssm:${c.region}::document/AWS-RunShellScript`,
    actionId: "ec2-cleanup-rotated-logs",
    source: "automation/run-command.ts (SendCommandCommand); diagnostics.ts (read-only disk report)",
  },
  {
    id: "ssm.send-command.instance",
    // AWS-ExtendEbsVolume extends the file system through Run Command, as its role.
    principals: ["worker", "ssm-role:AWS-ExtendEbsVolume"],
    action: "ssm:SendCommand",
    resource: instance,
    context: (c) => ({ [`ssm:resourceTag/${c.targetTag.key}`]: c.targetTag.value }),
    actionId: "ec2-cleanup-rotated-logs",
    source: "automation/run-command.ts (SendCommandCommand); diagnostics.ts (read-only disk report)",
  },
  {
    id: "ssm.send-command.untagged-instance",
    principals: [],
    action: "ssm:SendCommand",
    resource: instance,
    context: (c) => ({ [`ssm:resourceTag/${c.targetTag.key}`]: "false" }),
    expect: "deny",
    source: "scope probe: Run Command on an untagged instance",
  },
  // SSM Automation: start the Amazon-owned definition (no account id in its ARN) and pass its role.
  {
    id: "ssm.start-automation",
    principals: ["worker"],
    action: "ssm:StartAutomationExecution",
    resource: (c) => `arn:${c.partition}:ssm:${c.region}::automation-definition/${RESTART}:$DEFAULT`,
    actionId: "ec2-restart-instance",
    source: "automation/ssm-automation.ts (StartAutomationExecutionCommand)",
  },
  {
    id: "ssm.start-automation.other-document",
    principals: [],
    action: "ssm:StartAutomationExecution",
    resource: (c) => `arn:${c.partition}:ssm:${c.region}::automation-definition/AWS-DeleteStack:$DEFAULT`,
    expect: "deny",
    source: "scope probe: a runbook the catalogue does not name",
  },
  {
    id: "ssm.tag-automation",
    principals: ["worker"],
    action: "ssm:AddTagsToResource",
    resource: (c) => accountArn(c, "ssm", "automation-execution/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab"),
    actionId: "ec2-restart-instance",
    source: "automation/ssm-automation.ts (StartAutomationExecution Tags)",
  },
  {
    id: "ssm.automation-tags",
    principals: ["worker"],
    action: "ssm:ListTagsForResource",
    resource: (c) => accountArn(c, "ssm", "automation-execution/0f1e2d3c-aaaa-bbbb-cccc-0123456789ab"),
    actionId: "ec2-restart-instance",
    source: "automation/ssm-automation.ts (ListTagsForResourceCommand: the execution a token started)",
  },
  {
    id: "iam.pass-automation-role",
    principals: ["worker"],
    action: "iam:PassRole",
    resource: (c) => automationRole(c, RESTART),
    context: () => ({ "iam:PassedToService": "ssm.amazonaws.com" }),
    actionId: "ec2-restart-instance",
    source: "automation/ssm-automation.ts (AutomationAssumeRole parameter)",
  },
  // What AWS-RestartEC2Instance's steps call, as its role.
  ...(["ec2:StopInstances", "ec2:StartInstances"] as const).flatMap((action): IamCall[] => [
    {
      id: `runbook.restart.${action}`,
      principals: [`ssm-role:${RESTART}`],
      action,
      resource: instance,
      context: tagged,
      actionId: "ec2-restart-instance",
      source: `${RESTART} (aws:changeInstanceState)`,
    },
    {
      id: `runbook.restart.${action}.untagged`,
      principals: [],
      action,
      resource: instance,
      context: untagged,
      expect: "deny",
      source: "scope probe: the runbook's role on an untagged instance",
    },
  ]),
  {
    id: "runbook.restart.describe",
    principals: [`ssm-role:${RESTART}`],
    action: "ec2:DescribeInstanceStatus",
    resource: () => "*",
    actionId: "ec2-restart-instance",
    source: `${RESTART} (aws:waitForAwsResourceProperty)`,
  },
];
