/**
 * The worker's deps: the shared graph deps plus its wake-up timer (EventBridge Scheduler). Only the worker
 * imports this module, so only the worker needs the wake-up variables the stack sets on it alone.
 */
import { SchedulerClient } from "@aws-sdk/client-scheduler";
import { SchedulerWakeups } from "../../tools/aws/wakeups.js";
import { once } from "./base-deps.js";
import { buildDeps } from "./deps.js";
import type { LambdaEnv } from "./env.js";

function required(name: string, value: string | undefined): string {
  if (!value)
    throw new Error(
      `${name} is not set: the worker schedules wake-ups with it; deploy with the CDK stack in infra/`,
    );
  return value;
}

export function wakeupsFromEnv(env: LambdaEnv, region: string): SchedulerWakeups {
  return new SchedulerWakeups(new SchedulerClient({ region }), {
    groupName: required("AIR_WAKEUP_GROUP", env.AIR_WAKEUP_GROUP),
    queueArn: required("AIR_WORK_QUEUE_ARN", env.AIR_WORK_QUEUE_ARN),
    roleArn: required("AIR_WAKEUP_ROLE_ARN", env.AIR_WAKEUP_ROLE_ARN),
  });
}

export const workerDeps = once(() => buildDeps({ wakeups: wakeupsFromEnv }));
