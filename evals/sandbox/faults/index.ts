/**
 * The fault registry, keyed by kind. Adding a kind: write one module with `defineFault` and list it here.
 */
import { badEcsDeploy } from "./bad-ecs-deploy.js";
import { diskFullLogs } from "./disk-full-logs.js";
import { memoryLeak } from "./memory-leak.js";
import { thirdPartyOutage } from "./third-party-outage.js";
import { trafficSurge } from "./traffic-surge.js";
import type { FaultKind } from "./types.js";

export type { FaultInstance, FaultKind, FaultSchedule, FaultStatus, FaultTargetType } from "./types.js";
export { defineFault } from "./types.js";

const KINDS: readonly FaultKind[] = [badEcsDeploy, memoryLeak, trafficSurge, diskFullLogs, thirdPartyOutage];

export const FAULT_REGISTRY: ReadonlyMap<string, FaultKind> = new Map(KINDS.map((k) => [k.kind, k]));

export function faultKind(kind: string): FaultKind | undefined {
  return FAULT_REGISTRY.get(kind);
}

export function knownFaultKinds(): string[] {
  return [...FAULT_REGISTRY.keys()].sort();
}
