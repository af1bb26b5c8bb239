/**
 * The AWS adapters, and `createAwsPorts(config)` which builds every port from a region and the names of
 * the tables, buckets and topic. Pass `clients` to inject your own SDK clients (tests, custom middleware).
 */
import { AppConfigClient } from "@aws-sdk/client-appconfig";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { RDSClient } from "@aws-sdk/client-rds";
import { ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { ClockPort, Ports } from "../ports.js";
import { CloudWatchAlarms } from "./alarms.js";
import { S3Audit } from "./audit.js";
import { AwsAutomation } from "./automation/automation.js";
import { TokenStore } from "./automation/token-store.js";
import { type PlannedActivityCalendar, SsmChangeCalendars } from "./change-calendar.js";
import { AwsChanges, type AwsChangesOptions } from "./changes/changes.js";
import { RealClock } from "./clock.js";
import { SsmDiagnostics } from "./diagnostics.js";
import type { LogGroupsOptions } from "./logs/log-groups.js";
import { CloudWatchLogs } from "./logs/logs.js";
import { CloudWatchMetrics } from "./metrics.js";
import { SnsNotifier } from "./notifier.js";
import { DynamoOutcomes } from "./outcomes.js";
import { S3Reports } from "./reports.js";
import { AwsResources, type ServiceDependency } from "./resources/resources.js";

export { AwsAdapterError, type AwsErrorKind } from "../aws-shared/errors.js";
export { CloudWatchAlarms, type CloudWatchAlarmsOptions } from "./alarms.js";
export { S3Audit, type S3AuditOptions } from "./audit.js";
export { AwsAutomation, type AwsAutomationOptions } from "./automation/automation.js";
export { APPROVED_SCRIPTS, type ApprovedScript } from "./automation/scripts.js";
export { createAutomationTokenTable, TokenStore } from "./automation/token-store.js";
export { type PlannedActivityCalendar, SsmChangeCalendars } from "./change-calendar.js";
export { AwsChanges, type AwsChangesOptions } from "./changes/changes.js";
export { RealClock } from "./clock.js";
export { LogGroupResolver, type LogGroupsOptions } from "./logs/log-groups.js";
export { CloudWatchLogs, type CloudWatchLogsOptions } from "./logs/logs.js";
export { CloudWatchMetrics } from "./metrics.js";
export { SnsNotifier } from "./notifier.js";
export { createOutcomesTable, DynamoOutcomes } from "./outcomes.js";
export { S3Reports } from "./reports.js";
export { AwsResources, type AwsResourcesOptions } from "./resources/resources.js";

/** Endpoint and credentials for every client (e.g. `localAwsClientConfig(endpoint)` for dynalite/s3rver). */
export interface AwsClientOverrides {
  endpoint?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** S3 only. */
  forcePathStyle?: boolean;
  /** S3 only. */
  requestChecksumCalculation?: "WHEN_REQUIRED" | "WHEN_SUPPORTED";
  /** S3 only. */
  responseChecksumValidation?: "WHEN_REQUIRED" | "WHEN_SUPPORTED";
}

export interface AwsPortsConfig {
  region: string;
  /** DynamoDB table of action outcomes (see `createOutcomesTable`). */
  outcomesTable: string;
  /** DynamoDB table of automation idempotency tokens. Default: the outcomes table (keys do not collide). */
  automationTokenTable?: string;
  /** S3 bucket of the audit trail (Object Lock set by the infrastructure). */
  auditBucket: string;
  /** S3 bucket of post-incident reports. Default: the audit bucket. */
  reportsBucket?: string;
  /** Key prefix in both buckets, e.g. `prod/`. */
  s3Prefix?: string;
  /** SNS topic for approval requests, escalations and resolutions. */
  notificationTopicArn: string;
  /** SDK attempts per call (standard retry mode, with backoff on throttling). Default 5. */
  maxAttempts?: number;
  clientOverrides?: AwsClientOverrides;
  /** Tag keys naming a resource's or alarm's service. Default `service`, `Service`. */
  serviceTagKeys?: string[];
  /** Service → the services it calls (`external: true` for third parties). */
  dependencies?: Record<string, ServiceDependency[]>;
  /** Services covered by a change query without a service. */
  services?: string[];
  /** The CloudTrail change feed's scope: parameter names and other resource ids per service (`changes.ts`). */
  changeFeed?: Pick<
    AwsChangesOptions,
    "parameters" | "resourceIds" | "appConfigEnvironments" | "maxCloudTrailEvents"
  >;
  /** ECS clusters to look in. Default: every cluster. */
  ecsClusters?: string[];
  /** Alias used when a bare Lambda function name is described. Default `live`. */
  defaultLambdaAlias?: string;
  /** Log group conventions; Lambda functions tagged with the service are added unless `discover` is given. */
  logGroups?: LogGroupsOptions;
  /** Add `/aws/lambda/<fn>` for the service's tagged functions (tag:GetResources). Default true. */
  discoverLambdaLogGroups?: boolean;
  /** Log windows longer than this use Logs Insights. Default 3 hours. */
  insightsAboveMs?: number;
  /** Role for SSM Automation documents (`AutomationAssumeRole`). */
  automationAssumeRoleArn?: string;
  /** Role per SSM Automation document (wins over `automationAssumeRoleArn`). */
  automationRoles?: Readonly<Record<string, string>>;
  /** SSM Change Calendars of planned activity (load tests, maintenance); needs ssm:GetCalendarState. */
  plannedActivityCalendars?: PlannedActivityCalendar[];
  clock?: ClockPort;
}

export interface AwsClients {
  cloudWatch: CloudWatchClient;
  logs: CloudWatchLogsClient;
  ssm: SSMClient;
  ecs: ECSClient;
  lambda: LambdaClient;
  autoScaling: AutoScalingClient;
  ec2: EC2Client;
  tagging: ResourceGroupsTaggingAPIClient;
  sns: SNSClient;
  s3: S3Client;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  /** RDS DB instances (resource descriptions); without it they are not described. */
  rds?: RDSClient;
  /** AppConfig: the configuration rollback and its deployment history. */
  appConfig: AppConfigClient;
  /** WAFv2 (Regional scope): IP set blocks and restores. */
  wafv2: WAFV2Client;
  /** IAM (a global service; the SDK resolves its endpoint from the Region's partition). */
  iam: IAMClient;
  /** CloudTrail event history of the Region (the change feed). */
  cloudTrail?: CloudTrailClient;
  /** CloudTrail in the Region global-service (IAM) events are recorded in, when it differs. */
  cloudTrailGlobal?: CloudTrailClient;
}

/** Where CloudTrail records global-service (IAM) events for a Region's partition. */
export function globalEventsRegion(region: string): string {
  if (region.startsWith("us-gov-")) return "us-gov-west-1";
  if (region.startsWith("cn-")) return "cn-north-1";
  return "us-east-1";
}

/** One SDK v3 client per service, standard retry mode with `maxAttempts`. */
export function createAwsClients(
  config: Pick<AwsPortsConfig, "region" | "maxAttempts" | "clientOverrides">,
): AwsClients {
  const { forcePathStyle, requestChecksumCalculation, responseChecksumValidation, ...common } =
    config.clientOverrides ?? {};
  const base = {
    region: config.region,
    maxAttempts: config.maxAttempts ?? 5,
    retryMode: "standard",
    ...common,
  };
  return {
    cloudWatch: new CloudWatchClient(base),
    logs: new CloudWatchLogsClient(base),
    ssm: new SSMClient(base),
    ecs: new ECSClient(base),
    lambda: new LambdaClient(base),
    autoScaling: new AutoScalingClient(base),
    ec2: new EC2Client(base),
    tagging: new ResourceGroupsTaggingAPIClient(base),
    sns: new SNSClient(base),
    s3: new S3Client({
      ...base,
      ...(forcePathStyle !== undefined ? { forcePathStyle } : {}),
      ...(requestChecksumCalculation ? { requestChecksumCalculation } : {}),
      ...(responseChecksumValidation ? { responseChecksumValidation } : {}),
    }),
    dynamo: new DynamoDBClient(base),
    sqs: new SQSClient(base),
    rds: new RDSClient(base),
    appConfig: new AppConfigClient(base),
    wafv2: new WAFV2Client(base),
    iam: new IAMClient(base),
    cloudTrail: new CloudTrailClient(base),
    ...(globalEventsRegion(config.region) !== config.region
      ? { cloudTrailGlobal: new CloudTrailClient({ ...base, region: globalEventsRegion(config.region) }) }
      : {}),
  };
}

/** Every port the incident graph needs, over AWS. */
export function createAwsPorts(
  config: AwsPortsConfig,
  clients: AwsClients = createAwsClients(config),
): Ports {
  const clock = config.clock ?? new RealClock();
  const doc = DynamoDBDocumentClient.from(clients.dynamo, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const serviceTagKeys = config.serviceTagKeys ?? ["service", "Service"];
  const resources = new AwsResources(clients, {
    serviceTagKeys,
    ...(config.dependencies ? { dependencies: config.dependencies } : {}),
    ...(config.ecsClusters ? { ecsClusters: config.ecsClusters } : {}),
    ...(config.defaultLambdaAlias ? { defaultLambdaAlias: config.defaultLambdaAlias } : {}),
    ...(config.changeFeed?.appConfigEnvironments
      ? { appConfigEnvironments: config.changeFeed.appConfigEnvironments }
      : {}),
    now: () => clock.now(),
  });
  const discover = async (service: string) =>
    (await resources.functionsOf(service)).map((fn) => `/aws/lambda/${fn}`);
  const prefix = config.s3Prefix ?? "";
  return {
    metrics: new CloudWatchMetrics(clients.cloudWatch),
    alarms: new CloudWatchAlarms(clients.cloudWatch, { serviceTagKeys }),
    logs: new CloudWatchLogs(clients.logs, {
      groups: { ...(config.discoverLambdaLogGroups === false ? {} : { discover }), ...config.logGroups },
      clock,
      ...(config.insightsAboveMs !== undefined ? { insightsAboveMs: config.insightsAboveMs } : {}),
    }),
    changes: new AwsChanges(clients, resources, {
      ...(config.services ? { services: config.services } : {}),
      ...config.changeFeed,
    }),
    resources,
    automation: new AwsAutomation(clients, {
      tokens: new TokenStore(doc, config.automationTokenTable ?? config.outcomesTable),
      clock,
      ...(config.automationAssumeRoleArn ? { automationAssumeRoleArn: config.automationAssumeRoleArn } : {}),
      ...(config.automationRoles ? { automationRoles: config.automationRoles } : {}),
    }),
    notifier: new SnsNotifier(clients.sns, config.notificationTopicArn),
    audit: new S3Audit(clients.s3, config.auditBucket, { prefix }),
    clock,
    outcomes: new DynamoOutcomes(doc, config.outcomesTable),
    reports: new S3Reports(clients.s3, config.reportsBucket ?? config.auditBucket, prefix),
    diagnostics: new SsmDiagnostics(clients.ssm, clock),
    ...(config.plannedActivityCalendars?.length
      ? { calendar: new SsmChangeCalendars(clients.ssm, config.plannedActivityCalendars) }
      : {}),
  };
}
