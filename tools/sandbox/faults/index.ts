/**
 * The fault registry, keyed by kind. Adding a kind: write one module with `defineFault` and list it here.
 */
import { awsHealthEvent } from "./aws-health-event.js";
import { badEcsDeploy } from "./bad-ecs-deploy.js";
import { badLambdaDeploy } from "./bad-lambda-deploy.js";
import { botFlood } from "./bot-flood.js";
import { BREADTH_FAULT_KINDS } from "./breadth.js";
import { cacheCascadingFailure } from "./cache-cascading-failure.js";
import { configChange } from "./config-change.js";
import { dbConnectionExhaustion } from "./db-connection-exhaustion.js";
import { diskFullData } from "./disk-full-data.js";
import { diskFullLogs } from "./disk-full-logs.js";
import { dynamodbThrottling } from "./dynamodb-throttling.js";
import { ec2SystemCheckFailure } from "./ec2-system-check.js";
import { ecsMissingImage } from "./ecs-missing-image.js";
import { expiredCertificate } from "./expired-certificate.js";
import { featureFlagChange } from "./feature-flag-change.js";
import { flappingAlarm } from "./flapping-alarm.js";
import { guarddutyFinding } from "./guardduty-finding.js";
import { hungProcess } from "./hung-process.js";
import { iamPolicyDetached } from "./iam-policy-detached.js";
import { lambdaThrottling } from "./lambda-throttling.js";
import { memoryLeak } from "./memory-leak.js";
import { NEW_FAULT_KINDS } from "./more.js";
import { poisonMessage } from "./poison-message.js";
import { recursiveLambdaLoop } from "./recursive-lambda-loop.js";
import { scheduledBatchSpike } from "./scheduled-batch-spike.js";
import { securityGroupRuleRemoved } from "./security-group-rule-removed.js";
import { slowQuery } from "./slow-query.js";
import { thirdPartyOutage } from "./third-party-outage.js";
import { trafficSurge } from "./traffic-surge.js";
import type { FaultKind } from "./types.js";

export type { FaultInstance, FaultKind, FaultSchedule, FaultStatus, FaultTargetType } from "./types.js";
export { defineFault } from "./types.js";

const KINDS: readonly FaultKind[] = [
  badEcsDeploy,
  badLambdaDeploy,
  ecsMissingImage,
  memoryLeak,
  hungProcess,
  diskFullLogs,
  diskFullData,
  trafficSurge,
  botFlood,
  ec2SystemCheckFailure,
  thirdPartyOutage,
  awsHealthEvent,
  dbConnectionExhaustion,
  slowQuery,
  dynamodbThrottling,
  lambdaThrottling,
  poisonMessage,
  recursiveLambdaLoop,
  expiredCertificate,
  configChange,
  featureFlagChange,
  securityGroupRuleRemoved,
  iamPolicyDetached,
  guarddutyFinding,
  cacheCascadingFailure,
  flappingAlarm,
  scheduledBatchSpike,
  ...NEW_FAULT_KINDS,
  ...BREADTH_FAULT_KINDS,
];

export const FAULT_REGISTRY: ReadonlyMap<string, FaultKind> = new Map(KINDS.map((k) => [k.kind, k]));

export function faultKind(kind: string): FaultKind | undefined {
  return FAULT_REGISTRY.get(kind);
}

export function knownFaultKinds(): string[] {
  return [...FAULT_REGISTRY.keys()].sort();
}
