/** Fault kinds whose right fix is one of the later catalogue actions (task replacement, reboot, redrive...). */
import { cacheSecurityGroupRuleRemoved } from "./cache-security-group-rule-removed.js";
import { dlqBacklog } from "./dlq-backlog.js";
import { ecsSaturation } from "./ecs-saturation.js";
import { ecsStaleConnections } from "./ecs-stale-connections.js";
import { lambdaConfigChange } from "./lambda-config-change.js";
import { lambdaReservationLowered } from "./lambda-reservation-lowered.js";
import { rdsHungPrimary } from "./rds-hung-primary.js";
import type { FaultKind } from "./types.js";

export const NEW_FAULT_KINDS: readonly FaultKind[] = [
  ecsStaleConnections,
  ecsSaturation,
  lambdaReservationLowered,
  rdsHungPrimary,
  dlqBacklog,
  lambdaConfigChange,
  cacheSecurityGroupRuleRemoved,
];
