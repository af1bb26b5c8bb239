/**
 * IAM call registry entries for the catalogue families beyond the first five (see `iam-calls.ts`): each
 * direct API action allowed to the worker on a tagged target and probed on an untagged one, and what the
 * AWS-ExtendEbsVolume and AWS-RebootRdsInstance runbooks call as their roles. The live adapter makes the
 * direct calls in `api-calls-family.ts` (AppConfig in `api-calls-appconfig.ts`, WAFv2 and IAM in
 * `api-calls-access.ts`); the entries pin the grants the stack makes.
 */
import type { ArnContext, IamCall, IamPrincipal } from "../iam-call-types.js";
import { accountArn, tagged, untagged } from "../iam-call-types.js";

function taggedCall(
  id: string,
  actionId: string,
  action: string,
  resource: (c: ArnContext) => string,
  principal: IamPrincipal = "worker",
  /** False when another entry already probes this operation on an untagged target. */
  probe = true,
): IamCall[] {
  const source = `catalogue action ${actionId}`;
  const allowed: IamCall = {
    id,
    principals: [principal],
    action,
    resource,
    context: tagged,
    actionId,
    source,
  };
  if (!probe) return [allowed];
  return [
    allowed,
    { id: `${id}.untagged`, principals: [], action, resource, context: untagged, expect: "deny", source },
  ];
}

const fn = (c: ArnContext) => accountArn(c, "lambda", "function:thumbnails-generator");
const table = (c: ArnContext) => accountArn(c, "dynamodb", "table/products");
const queue = (c: ArnContext) => accountArn(c, "sqs", "fulfilment-orders");
const EBS = "ssm-role:AWS-ExtendEbsVolume" as const;
const RDS = "ssm-role:AWS-RebootRdsInstance" as const;

export const FAMILY_IAM_CALLS: readonly IamCall[] = [
  ...taggedCall(
    "family.lambda.put-concurrency",
    "lambda-set-reserved-concurrency",
    "lambda:PutFunctionConcurrency",
    fn,
  ),
  ...taggedCall(
    "family.lambda.delete-concurrency",
    "lambda-remove-reserved-concurrency",
    "lambda:DeleteFunctionConcurrency",
    fn,
  ),
  ...taggedCall(
    "family.dynamodb.update-table",
    "dynamodb-switch-to-on-demand",
    "dynamodb:UpdateTable",
    table,
  ),
  ...taggedCall("family.sqs.set-attributes", "sqs-move-poison-messages", "sqs:SetQueueAttributes", queue),
  ...taggedCall("family.sqs.move-task", "sqs-redrive-dead-letter-queue", "sqs:StartMessageMoveTask", queue),
  // StartDeployment is authorised on the environment, the configuration profile and the strategy.
  ...taggedCall(
    "family.appconfig.deploy",
    "appconfig-rollback-configuration",
    "appconfig:StartDeployment",
    (c) => accountArn(c, "appconfig", "application/shop1a2/environment/prod3b4"),
  ),
  ...taggedCall(
    "family.appconfig.deploy-profile",
    "appconfig-rollback-configuration",
    "appconfig:StartDeployment",
    (c) => accountArn(c, "appconfig", "application/shop1a2/configurationprofile/flags5c"),
    "worker",
    false,
  ),
  {
    id: "family.appconfig.deploy-strategy",
    principals: ["worker"],
    action: "appconfig:StartDeployment",
    resource: (c) => accountArn(c, "appconfig", "deploymentstrategy/AppConfig.AllAtOnce"),
    actionId: "appconfig-rollback-configuration",
    source: "automation/api-calls-appconfig.ts (StartDeploymentCommand, the predefined all-at-once strategy)",
  },
  {
    id: "family.appconfig.deploy-strategy.other",
    principals: [],
    action: "appconfig:StartDeployment",
    resource: (c) => accountArn(c, "appconfig", "deploymentstrategy/linear50pct"),
    expect: "deny",
    source: "scope probe: a deployment strategy the catalogue does not name",
  },
  ...taggedCall("family.ssm.put-parameter", "ssm-parameter-revert", "ssm:PutParameter", (c) =>
    accountArn(c, "ssm", "parameter/prod/checkout/tax-service-url"),
  ),
  ...taggedCall("family.asg.update", "asg-raise-max-size", "autoscaling:UpdateAutoScalingGroup", (c) =>
    accountArn(c, "autoscaling", "autoScalingGroup:0f1e2d3c-aaaa:autoScalingGroupName/checkout-asg"),
  ),
  ...taggedCall("family.waf.update-ip-set", "waf-block-ip-set", "wafv2:UpdateIPSet", (c) =>
    accountArn(c, "wafv2", "regional/ipset/blocked/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
  ),
  // wafv2:GetIPSet (the lock token) is an investigation read on tagged sets: `resources/iam-calls.ts`.
  // Reads the adapter makes before the change: queues resolved by name, the move task followed, the
  // parameter's history read for the previous value (allowed on tagged targets only, like the change).
  // sqs:GetQueueUrl and sqs:GetQueueAttributes on a tagged queue are granted whatever the catalogue (the queue
  // is described for the planner): `resources/data-iam-calls.ts` holds their entries and probes.
  ...taggedCall(
    "family.sqs.list-move-tasks",
    "sqs-redrive-dead-letter-queue",
    "sqs:ListMessageMoveTasks",
    queue,
  ),
  // ssm:GetParameterHistory on a tagged parameter is granted whatever the catalogue (the change feed reads it):
  // `changes/iam-calls.ts` holds its entry and probe.
  // Actions sharing an operation with the ones above: the same call, allowed wherever either is enabled.
  ...taggedCall("family.lambda.stop", "lambda-stop-recursive-loop", "lambda:PutFunctionConcurrency", fn),
  ...taggedCall(
    "family.dynamodb.provisioned",
    "dynamodb-set-provisioned-capacity",
    "dynamodb:UpdateTable",
    table,
  ),
  ...taggedCall("family.sqs.restore-redrive", "sqs-restore-redrive-policy", "sqs:SetQueueAttributes", queue),
  ...taggedCall("family.waf.restore-ip-set", "waf-restore-ip-set", "wafv2:UpdateIPSet", (c) =>
    accountArn(c, "wafv2", "regional/ipset/blocked/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
  ),
  ...taggedCall(
    "family.ecs.force-new-deployment",
    "ecs-force-new-deployment",
    "ecs:UpdateService",
    (c) => accountArn(c, "ecs", "service/prod/checkout"),
    "worker",
    false,
  ),
  ...taggedCall(
    "family.ecs.desired-count",
    "ecs-set-desired-count",
    "ecs:UpdateService",
    (c) => accountArn(c, "ecs", "service/prod/checkout"),
    "worker",
    false,
  ),
  // Opt-in (air:enabledActions): expected allowed only in deployments that enable them.
  ...taggedCall(
    "family.ec2.authorize-ingress",
    "sg-restore-ingress-rule",
    "ec2:AuthorizeSecurityGroupIngress",
    (c) => accountArn(c, "ec2", "security-group/sg-0123456789abcdef0"),
  ),
  {
    id: "family.iam.attach-role-policy",
    principals: ["worker"],
    action: "iam:AttachRolePolicy",
    resource: (c) => `arn:${c.partition}:iam::${c.account}:role/orders-task`,
    context: (c) => ({
      ...tagged(c),
      "iam:PolicyARN": `arn:${c.partition}:iam::${c.account}:policy/orders-read`,
    }),
    actionId: "iam-reattach-role-policy",
    source:
      "catalogue action iam-reattach-role-policy (automation/api-calls-access.ts AttachRolePolicyCommand)",
  },
  {
    id: "family.iam.attach-role-policy.untagged",
    principals: [],
    action: "iam:AttachRolePolicy",
    resource: (c) => `arn:${c.partition}:iam::${c.account}:role/orders-task`,
    context: (c) => ({
      ...untagged(c),
      "iam:PolicyARN": `arn:${c.partition}:iam::${c.account}:policy/orders-read`,
    }),
    expect: "deny",
    source: "scope probe: a role without the managed tag",
  },
  {
    id: "family.iam.attach-role-policy.admin",
    principals: [],
    action: "iam:AttachRolePolicy",
    resource: (c) => `arn:${c.partition}:iam::${c.account}:role/orders-task`,
    context: (c) => ({ ...tagged(c), "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" }),
    expect: "deny",
    source: "scope probe: an administrator-level policy on a tagged role (ArnNotEquals condition)",
  },
  // AWSSupport-ContainEC2Instance: the stack grants no start nor role yet (infra/README.md); the worker's
  // start is the call it would make.
  ...(["ec2-isolate-instance", "ec2-release-instance"] as const).map(
    (actionId): IamCall => ({
      id: `family.${actionId}.start`,
      principals: ["worker"],
      action: "ssm:StartAutomationExecution",
      resource: (c) => accountArn(c, "ssm", "automation-definition/AWSSupport-ContainEC2Instance:$DEFAULT"),
      actionId,
      source: `catalogue action ${actionId} (not granted by the stack yet)`,
    }),
  ),
  ...taggedCall(
    "runbook.extend-ebs.modify",
    "ebs-extend-volume",
    "ec2:ModifyVolume",
    (c) => accountArn(c, "ec2", "volume/vol-0123456789abcdef0"),
    EBS,
  ),
  ...taggedCall(
    "runbook.reboot-rds.reboot",
    "rds-reboot-instance",
    "rds:RebootDBInstance",
    (c) => accountArn(c, "rds", "db:orders-db"),
    RDS,
  ),
];
