/**
 * One role per SSM Automation runbook the catalogue may start, holding only what that runbook's steps do.
 * SSM assumes it (AutomationAssumeRole); the worker may pass it to SSM and to nothing else, and the trust
 * policy only accepts SSM acting for this account's automation executions (confused-deputy guard).
 */
import { Aws, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import { Construct } from "constructs";
import type { ActionId, ResponderConfig } from "../config.js";
import { FAMILY_RUNBOOKS } from "./family-permissions.js";

export interface AutomationRunbook {
  /** The AWS-owned Automation document. */
  document: string;
  /** The catalogue action that runs it; the role exists only when that action is enabled. */
  actionId: ActionId;
  /** What the document's steps call, scoped to tagged targets. */
  statements(config: ResponderConfig): iam.PolicyStatement[];
}

const accountArn = (service: string, rest: string) =>
  `arn:${Aws.PARTITION}:${service}:${Aws.REGION}:${Aws.ACCOUNT_ID}:${rest}`;

export const AUTOMATION_RUNBOOKS: readonly AutomationRunbook[] = [
  {
    // aws:changeInstanceState stopped, then running: StopInstances, StartInstances, and polling the state.
    document: "AWS-RestartEC2Instance",
    actionId: "ec2-restart-instance",
    statements: (config) => {
      const out = [
        new iam.PolicyStatement({
          sid: "StopStartTaggedInstances",
          actions: ["ec2:StopInstances", "ec2:StartInstances"],
          resources: [accountArn("ec2", "instance/*")],
          conditions: {
            StringEquals: { [`aws:ResourceTag/${config.targetTagKey}`]: config.targetTagValue },
          },
        }),
        new iam.PolicyStatement({
          sid: "DescribeInstances",
          actions: ["ec2:DescribeInstances", "ec2:DescribeInstanceStatus"],
          resources: ["*"],
        }),
      ];
      if (config.ebsKmsKeyArns.length > 0) {
        // Starting an instance with CMK-encrypted EBS volumes makes EC2 create a grant on the key.
        out.push(
          new iam.PolicyStatement({
            sid: "EbsKeyGrants",
            actions: ["kms:CreateGrant"],
            resources: config.ebsKmsKeyArns,
            conditions: { Bool: { "kms:GrantIsForAWSResource": "true" } },
          }),
        );
      }
      return out;
    },
  },
];

export class SsmRoles extends Construct {
  /** Document name → the role SSM assumes for it. */
  readonly roles: Record<string, iam.Role> = {};

  constructor(scope: Construct, id: string, config: ResponderConfig) {
    super(scope, id);
    const ssm = new iam.ServicePrincipal("ssm.amazonaws.com").withConditions({
      StringEquals: { "aws:SourceAccount": Aws.ACCOUNT_ID },
      ArnLike: { "aws:SourceArn": accountArn("ssm", "automation-execution/*") },
    });
    for (const runbook of [...AUTOMATION_RUNBOOKS, ...FAMILY_RUNBOOKS]) {
      if (!config.enabledActions.includes(runbook.actionId)) continue;
      const role = new iam.Role(this, runbook.document.replace(/[^A-Za-z0-9]/g, ""), {
        assumedBy: ssm,
        description: `air: SSM Automation ${runbook.document}, tagged targets only`,
      });
      for (const statement of runbook.statements(config)) role.addToPolicy(statement);
      this.roles[runbook.document] = role;
    }
  }

  /** What the worker needs to start these runbooks and pass their roles — to SSM only. */
  startStatements(): iam.PolicyStatement[] {
    const documents = Object.keys(this.roles);
    if (documents.length === 0) return [];
    return [
      new iam.PolicyStatement({
        sid: "StartAutomationRunbooks",
        actions: ["ssm:StartAutomationExecution"],
        // Amazon-owned definitions carry no account id: arn:aws:ssm:REGION::automation-definition/NAME:VERSION.
        resources: documents.map(
          (d) => `arn:${Aws.PARTITION}:ssm:${Aws.REGION}::automation-definition/${d}:*`,
        ),
      }),
      new iam.PolicyStatement({
        sid: "TagAutomations",
        actions: ["ssm:AddTagsToResource", "ssm:ListTagsForResource"],
        resources: [accountArn("ssm", "automation-execution/*")],
      }),
      new iam.PolicyStatement({
        sid: "PassAutomationRoles",
        actions: ["iam:PassRole"],
        resources: Object.values(this.roles).map((r) => r.roleArn),
        conditions: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
      }),
    ];
  }

  /** JSON for the worker: `{ "AWS-RestartEC2Instance": "arn:aws:iam::…:role/…" }`. */
  roleArnsJson(): string {
    const map = Object.fromEntries(Object.entries(this.roles).map(([doc, role]) => [doc, role.roleArn]));
    return Stack.of(this).toJsonString(map);
  }
}
