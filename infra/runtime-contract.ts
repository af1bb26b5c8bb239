/**
 * What the stack promises the Lambda handlers: environment variable names and the custom metrics the
 * responder alarms on. Handlers read these names; infra/README.md documents them.
 */

/**
 * Environment variables the functions receive; names follow `handlers/lambda/env.ts`, which every handler
 * validates at cold start. All functions get every resource name (names are not permissions: IAM in
 * `constructs/data-access.ts` decides what each function may touch).
 */
export const ENV = {
  /** Local runs only (handlers/runtime/config.ts starts dynalite when unset); the Lambda handlers never read it. */
  dynamoEndpoint: "AIR_DYNAMODB_ENDPOINT",
  checkpointTable: "AIR_CHECKPOINT_TABLE",
  incidentTable: "AIR_INCIDENT_TABLE",
  outcomeTable: "AIR_OUTCOMES_TABLE",
  approvalTable: "AIR_APPROVALS_TABLE",
  offloadBucket: "AIR_OFFLOAD_BUCKET",
  auditBucket: "AIR_AUDIT_BUCKET",
  reportBucket: "AIR_REPORTS_BUCKET",
  knowledgeBucket: "AIR_KNOWLEDGE_BUCKET",
  workQueueUrl: "AIR_WORK_QUEUE_URL",
  /** Worker: the work queue's ARN, target of the wake-up schedules. */
  workQueueArn: "AIR_WORK_QUEUE_ARN",
  /** Worker: the EventBridge Scheduler group wake-ups are created in. */
  wakeupGroup: "AIR_WAKEUP_GROUP",
  /** Worker: the role Scheduler assumes to send a wake-up to the work queue. */
  wakeupRoleArn: "AIR_WAKEUP_ROLE_ARN",
  notifyTopicArn: "AIR_TOPIC_ARN",
  approvalSecretArn: "AIR_APPROVAL_SECRET_ARN",
  /** Worker and approval function, with `air:slackSecretName`: the Slack app's secret. */
  slackSecretArn: "AIR_SLACK_SECRET_ARN",
  /** Base URL of the approval function; the worker signs links against it. */
  approvalUrl: "AIR_APPROVAL_URL",
  approvalTimeoutMinutes: "AIR_APPROVAL_MAX_WAIT_MINUTES",
  /** Approval function, with `air:oidcApprovers`: the user pool and app client whose ID tokens it accepts. */
  oidcUserPoolId: "AIR_OIDC_USER_POOL_ID",
  oidcClientId: "AIR_OIDC_CLIENT_ID",
  /** Approval function: the hosted UI sign-in URL shown on the page (with a domain and a callback URL). */
  oidcSignInUrl: "AIR_OIDC_SIGN_IN_URL",
  /** The gate policy JSON (graph/policy/config.ts), with the stack's enabledActions and approvers. */
  gatePolicy: "AIR_POLICY",
  /** Service map JSON for intake normalisation (optional). */
  serviceMap: "AIR_SERVICE_MAP",
  /** Worker and approval function, with `air:changeFeed`: the change feed's resource ids per service. */
  changeFeed: "AIR_CHANGE_FEED",
  bedrockModelId: "AIR_BEDROCK_MODEL_ID",
  /** Where the shipped runbooks sit inside the bundle (knowledge/corpus/paths.ts). */
  knowledgeDir: "AIR_KNOWLEDGE_DIR",
  /** Worker: a Bedrock Knowledge Base the retriever searches alongside the runbooks. */
  knowledgeBaseId: "AIR_KNOWLEDGE_BASE_ID",
  /** JSON object: SSM Automation document name -> its role ARN (one role per runbook; the worker reads it). */
  automationRoles: "AIR_SSM_AUTOMATION_ROLES",
} as const;

/**
 * Settings the stack hands to the functions whose code reads them (infra/env-contract.test.ts checks this
 * against the handlers' code): the gate policy and the shipped knowledge are read where the graph is built
 * (worker, approval), the approval timeout where links are signed, shown or swept.
 */
export const ENV_READERS = {
  gatePolicy: ["worker", "approval"],
  approvalTimeoutMinutes: ["worker", "approval", "sweeper"],
  serviceMap: ["intake", "worker", "approval", "sweeper"],
  changeFeed: ["worker", "approval"],
  knowledgeDir: ["worker", "approval"],
} as const;

/** Powertools Metrics namespace and the default `service` dimension every function emits with. */
export const METRICS_NAMESPACE = "AIR";
export const SERVICE_NAME = "air";

/** Custom metrics (Powertools Metrics, EMF), dimension `service` = SERVICE_NAME. */
export const METRIC = {
  /** Worker: wall-clock milliseconds of one graph run or resume (unit Milliseconds). */
  graphRunDuration: "GraphRunDuration",
  /** Sweeper: approvals found waiting longer than the timeout in one sweep (unit Count). */
  stuckApprovals: "StuckApprovals",
} as const;

/** Powertools settings shared by every function. */
export function powertoolsEnv(logLevel: string): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
    POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
    POWERTOOLS_LOG_LEVEL: logLevel,
    POWERTOOLS_LOGGER_LOG_EVENT: "false",
    // Stack traces point into the TypeScript sources (the bundles ship with source maps).
    NODE_OPTIONS: "--enable-source-maps",
  };
}
