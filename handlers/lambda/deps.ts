import { S3Client } from "@aws-sdk/client-s3";
import { GetSecretValueCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import { DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { compileIncidentGraph } from "../../graph/incident-graph.js";
import { type GatePolicy, parseGatePolicy } from "../../graph/policy/config.js";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { createAwsPorts } from "../../tools/aws/index.js";
import type { ClockPort, WakeupPort } from "../../tools/ports.js";
import { slackApp } from "../approvals/slack/lambda-slack.js";
import { DynamoUsedTokenStore } from "../approvals/token-store.js";
import { DynamoApprovalWaitList } from "../approvals/wait-list.js";
import { bedrockModelFactory, reasonerFromConfig } from "../runtime/model.js";
import { Responder } from "../runtime/responder.js";
import type { SqsFifoWorkQueue } from "../runtime/sqs-queue.js";
import { approvalLinksFromEnv } from "./approval-links.js";
import { base, logger, metrics, once } from "./base-deps.js";
import { changeFeedOptions } from "./change-feed.js";
import { jsonVar, type LambdaEnv } from "./env.js";
import { powertoolsLogger } from "./logger.js";
import { automationRoleOptions, retrieverOptions } from "./worker-options.js";

export { logger, metrics };

export interface LambdaDeps {
  env: LambdaEnv;
  responder: Responder;
  queue: SqsFifoWorkQueue;
  policy: GatePolicy;
  secret: string;
  usedTokens: DynamoUsedTokenStore;
  graph: ReturnType<typeof compileIncidentGraph>;
  /** The clock the graph's ports use (the invocation budget is measured on it). */
  clock: ClockPort;
  /** The Slack app, when the stack wired its secret: the client and the signing secret clicks are checked with. */
  slack?: Awaited<ReturnType<typeof slackApp>>;
}

async function signingSecret(region: string, arn: string): Promise<string> {
  const client = new SecretsManagerClient({ region });
  const value = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  if (!value.SecretString) throw new Error(`secret ${arn} has no string value`);
  return value.SecretString;
}

export interface BuildOptions {
  /** The worker's wake-up timer (`worker-deps.ts`); the approval function only queues resumes. */
  wakeups?: (env: LambdaEnv, region: string) => WakeupPort;
}

/** The worker and the approval function: the graph on the DynamoDB saver, the responder, the signing secret. */
export async function buildDeps(options: BuildOptions = {}): Promise<LambdaDeps> {
  const { env, region, dynamo, queue, store } = base();
  const s3 = new S3Client({ region });
  const policy = parseGatePolicy(jsonVar("AIR_POLICY", env.AIR_POLICY) ?? {}, "AIR_POLICY");
  const secret = await signingSecret(region, env.AIR_APPROVAL_SECRET_ARN);
  const ports = createAwsPorts({
    region,
    outcomesTable: env.AIR_OUTCOMES_TABLE,
    auditBucket: env.AIR_AUDIT_BUCKET,
    reportsBucket: env.AIR_REPORTS_BUCKET,
    notificationTopicArn: env.AIR_TOPIC_ARN,
    ...automationRoleOptions(env),
    // Per-service resource ids the change feed attributes CloudTrail, Parameter Store and AppConfig changes by.
    ...changeFeedOptions(env),
  });
  const slack = env.AIR_SLACK_SECRET_ARN
    ? await slackApp(env.AIR_SLACK_SECRET_ARN, await signingSecret(region, env.AIR_SLACK_SECRET_ARN))
    : undefined;
  // Approval requests also go to Slack (with buttons), and lifecycle updates to the request's thread.
  const slackNotifier = slack?.notifier(
    ports.notifier,
    dynamo,
    env.AIR_APPROVALS_TABLE,
    powertoolsLogger(logger),
  );
  if (slackNotifier) ports.notifier = slackNotifier;
  const retriever = await createRetriever(retrieverOptions(env, region, s3));
  const saver = new DynamoDBSaver({
    client: dynamo,
    tableName: env.AIR_CHECKPOINT_TABLE,
    s3: { client: s3, bucket: env.AIR_OFFLOAD_BUCKET, prefix: "checkpoints/" },
    compress: true,
  });
  const graph = compileIncidentGraph(
    {
      ports,
      retriever,
      reasoner: reasonerFromConfig({
        region,
        bedrockModelId: env.AIR_BEDROCK_MODEL_ID,
        maxToolRounds: env.AIR_MAX_TOOL_ROUNDS,
      }),
      modelFor: bedrockModelFactory(region),
      logger: powertoolsLogger(logger),
      stepBudget: env.AIR_STEP_BUDGET,
      policy,
      // The approval function signs what a verified link holder decided; the graph verifies it with this key.
      approvalKey: secret,
      approvalLinks: approvalLinksFromEnv(env, secret),
    },
    saver,
  );
  const wakeups = options.wakeups?.(env, region);
  const responder = new Responder({
    graph,
    store,
    queue,
    ...(wakeups ? { wakeups } : {}),
    waitList: new DynamoApprovalWaitList(dynamo, env.AIR_APPROVALS_TABLE),
    ...(slackNotifier
      ? { onTimeline: (id: string, entry: TimelineEntry) => slackNotifier.lifecycle(id, entry) }
      : {}),
    onResult: (incidentId, result) =>
      logger.info("run step finished", {
        incidentId,
        ...("skipped" in result ? result : { paused: result.paused, outcome: result.state.outcome }),
      }),
  });
  return {
    env,
    responder,
    queue,
    policy,
    secret,
    usedTokens: new DynamoUsedTokenStore(dynamo, env.AIR_APPROVALS_TABLE),
    graph,
    clock: ports.clock,
    ...(slack ? { slack } : {}),
  };
}

/** The approval function's deps (the worker's, with its wake-up timer, are in `worker-deps.ts`). */
export const lambdaDeps = once(() => buildDeps());
