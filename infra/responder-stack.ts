/**
 * The whole responder in one stack: storage, queues, the human loop, the four functions, alarm intake,
 * least-privilege permissions, SSM Automation roles and the responder's own alarms. Environment-agnostic
 * (no lookups), so `cdk synth` works offline and one template deploys to any account and Region.
 */

import { CfnOutput, Stack, type StackProps } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as secretsmanager from "aws-cdk-lib/aws-secretsmanager";
import type { Construct } from "constructs";
import type { ResponderConfig } from "./config.js";
import { AlarmIntake } from "./constructs/alarm-intake.js";
import { Approvals } from "./constructs/approvals.js";
import { ConsoleAccess } from "./constructs/console-access.js";
import type { DataResources } from "./constructs/data-access.js";
import { Functions } from "./constructs/functions.js";
import { chooseModel } from "./constructs/model-choice.js";
import { Observability } from "./constructs/observability.js";
import { OidcApprovers } from "./constructs/oidc-approvers.js";
import { Queues } from "./constructs/queues.js";
import { SsmRoles } from "./constructs/ssm-roles.js";
import { Storage, tableIndexes } from "./constructs/storage.js";
import { Wakeups } from "./constructs/wakeups.js";
import {
  actionStatements,
  bedrockStatements,
  investigationStatements,
} from "./constructs/worker-permissions.js";
import { acknowledgeWildcards } from "./iam-wildcards.js";
import { type EntryPaths, existingEntryPaths } from "./lambda-entries.js";
import { ENV, ENV_READERS } from "./runtime-contract.js";

export interface ResponderStackProps extends StackProps {
  config: ResponderConfig;
  /** Handler source files; defaults to `infra/lambda-entries.ts` (tests point these at stand-ins). */
  entries?: EntryPaths;
}

export class ResponderStack extends Stack {
  readonly storage: Storage;
  readonly queues: Queues;
  readonly approvals: Approvals;
  readonly functions: Functions;
  readonly ssmRoles: SsmRoles;
  readonly observability: Observability;
  readonly wakeups: Wakeups;
  /** With `air:oidcApprovers`: the approvers' user pool and the approval page's app client. */
  readonly oidcApprovers?: OidcApprovers;

  constructor(scope: Construct, id: string, props: ResponderStackProps) {
    super(scope, id, props);
    const { config } = props;
    if (config.permissionsBoundaryArn !== "") {
      iam.PermissionsBoundary.of(this).apply(
        iam.ManagedPolicy.fromManagedPolicyArn(this, "Boundary", config.permissionsBoundaryArn),
      );
    }

    this.storage = new Storage(this, "Storage", config);
    this.queues = new Queues(this, "Queues", config);
    this.approvals = new Approvals(this, "Approvals", { config });
    const data: DataResources = {
      tables: this.storage.tables,
      indexes: tableIndexes(),
      buckets: this.storage.buckets,
      dataKey: this.storage.dataKey,
      workQueue: this.queues.runQueue,
      topic: this.approvals.topic,
      notificationsKey: this.approvals.notificationsKey,
      signingSecret: this.approvals.signingSecret,
    };
    this.functions = new Functions(this, "Functions", {
      config,
      entries: props.entries ?? existingEntryPaths(),
      data,
      queues: this.queues,
    });
    const { intake, worker, approval, sweeper } = this.functions.functions;

    const { url } = this.approvals.expose(approval, sweeper, config);
    const alarmIntake = new AlarmIntake(this, "AlarmIntake", {
      config,
      intake,
      deadLetterQueue: this.queues.intakeDlq,
      notificationsKey: this.approvals.notificationsKey,
    });

    // Durable waits: the worker schedules wake-ups (EventBridge Scheduler → the work queue).
    this.wakeups = new Wakeups(this, "Wakeups", { workQueue: this.queues.runQueue });
    for (const statement of this.wakeups.workerStatements())
      this.functions.roles.worker.addToPolicy(statement);
    worker.addEnvironment(ENV.wakeupGroup, this.wakeups.group.scheduleGroupName);
    worker.addEnvironment(ENV.wakeupRoleArn, this.wakeups.schedulerRole.roleArn);
    worker.addEnvironment(ENV.workQueueArn, this.queues.runQueue.queueArn);

    // The worker investigates, acts on tagged resources, and reasons with the configured model. These live in
    // a customer-managed policy of their own: the role's inline policies share a 10 KB limit with its data access.
    this.ssmRoles = new SsmRoles(this, "SsmRoles", config);
    // The model, checked against the stack's Region (synth fails on a profile the Region cannot call).
    const model = chooseModel(this, config);
    const operations = new iam.ManagedPolicy(this, "WorkerOperationsPolicy", {
      description: "air worker: investigate, act on tagged resources, start SSM runbooks, call Bedrock",
      roles: [this.functions.roles.worker],
      statements: [
        ...investigationStatements(config),
        ...actionStatements(config),
        ...this.ssmRoles.startStatements(),
        ...bedrockStatements(config, this, model),
      ],
    });
    // The function must not start before its operations policy is attached.
    worker.node.addDependency(operations);

    worker.addEnvironment(ENV.approvalUrl, url.url);
    if (config.oidcApprovers) {
      const oidc = new OidcApprovers(this, "OidcApprovers", { config });
      this.oidcApprovers = oidc;
      approval.addEnvironment(ENV.oidcUserPoolId, oidc.userPool.userPoolId);
      approval.addEnvironment(ENV.oidcClientId, oidc.client.userPoolClientId);
      if (oidc.signInUrl) approval.addEnvironment(ENV.oidcSignInUrl, oidc.signInUrl);
      new CfnOutput(this, "ApproversUserPoolId", { value: oidc.userPool.userPoolId });
    }
    if (config.slackSecretName !== "") {
      // The operator creates this secret (Slack issues the token and signing secret); the stack only reads it.
      const slack = secretsmanager.Secret.fromSecretNameV2(this, "SlackAppSecret", config.slackSecretName);
      for (const fn of [worker, approval]) {
        slack.grantRead(fn);
        fn.addEnvironment(ENV.slackSecretArn, slack.secretArn);
      }
    }
    // One role per runbook (AIR_SSM_AUTOMATION_ROLES); the worker picks the role of the document it starts.
    worker.addEnvironment(ENV.automationRoles, this.ssmRoles.roleArnsJson());
    if (model) worker.addEnvironment(ENV.bedrockModelId, model.id);
    if (config.knowledgeBaseId !== "") worker.addEnvironment(ENV.knowledgeBaseId, config.knowledgeBaseId);
    const policy = {
      ...config.gatePolicy,
      enabledActions: config.enabledActions,
      approvers: config.approvers,
    };
    const fns = this.functions.functions;
    for (const name of ENV_READERS.gatePolicy)
      fns[name].addEnvironment(ENV.gatePolicy, JSON.stringify(policy));
    for (const name of ENV_READERS.approvalTimeoutMinutes)
      fns[name].addEnvironment(ENV.approvalTimeoutMinutes, String(config.approvalTimeoutMinutes));
    if (Object.keys(config.serviceMap).length > 0) {
      for (const name of ENV_READERS.serviceMap)
        fns[name].addEnvironment(ENV.serviceMap, JSON.stringify(config.serviceMap));
    }
    if (Object.keys(config.changeFeed).length > 0) {
      for (const name of ENV_READERS.changeFeed)
        fns[name].addEnvironment(ENV.changeFeed, JSON.stringify(config.changeFeed));
    }

    this.observability = new Observability(this, "Observability", {
      config,
      functions: this.functions.functions,
      runQueue: this.queues.runQueue,
      deadLetterQueues: { "run-dlq": this.queues.runDlq, "intake-dlq": this.queues.intakeDlq },
      topic: this.approvals.topic,
    });

    new CfnOutput(this, "ApprovalUrl", { value: url.url });
    new CfnOutput(this, "NotificationsTopicArn", { value: this.approvals.topic.topicArn });
    new CfnOutput(this, "KnowledgeBucketName", { value: this.storage.buckets.knowledge.bucketName });
    new CfnOutput(this, "AuditBucketName", { value: this.storage.buckets.audit.bucketName });
    if (alarmIntake.alarmActionsTopic) {
      new CfnOutput(this, "AlarmActionsTopicArn", { value: alarmIntake.alarmActionsTopic.topicArn });
    }
    new CfnOutput(this, "DashboardName", { value: this.observability.dashboard.dashboardName });

    // `air console --aws`: the IAM-authenticated decision URL, the names the console reads, its users' policy.
    const consoleAccess = new ConsoleAccess(this, "ConsoleAccess", { approval, data });
    new CfnOutput(this, "ConsoleDecisionUrl", { value: consoleAccess.url.url });
    new CfnOutput(this, "ConsoleUserPolicyArn", { value: consoleAccess.userPolicy.managedPolicyArn });
    new CfnOutput(this, "CheckpointTableName", { value: this.storage.tables.checkpoints.tableName });
    new CfnOutput(this, "IncidentTableName", { value: this.storage.tables.incidents.tableName });
    new CfnOutput(this, "ReportsBucketName", { value: this.storage.buckets.reports.bucketName });
    new CfnOutput(this, "CheckpointOffloadBucketName", { value: this.storage.buckets.offload.bucketName });

    acknowledgeWildcards(this);
  }
}
