/** Fault kinds for the breadth scenarios: other service shapes and runtimes whose right fix is in the catalogue. */
import { ecsMemoryLeak } from "./ecs-memory-leak.js";
import { poolSizeParameter } from "./pool-size-parameter.js";
import { queueBurstAsgWorkers } from "./queue-burst-asg-workers.js";
import { queueWorkerBadDeploy } from "./queue-worker-bad-deploy.js";
import { sqsConsumerThrottled } from "./sqs-consumer-throttled.js";
import type { FaultKind } from "./types.js";

export const BREADTH_FAULT_KINDS: readonly FaultKind[] = [
  sqsConsumerThrottled,
  ecsMemoryLeak,
  poolSizeParameter,
  queueWorkerBadDeploy,
  queueBurstAsgWorkers,
];
