/** Parameter pieces and blast-radius helpers every catalogue family shares. */
import { z } from "zod";
import type { ResourceDescription } from "../../../tools/domain/index.js";
import type { BlastContext, BlastVerdict, SuccessSignal } from "../types.js";

export const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, "an EC2 instance id like i-0abc1234");

/**
 * A plain resource name in the incident's own account and region: no ARN (which could name another account,
 * region or function than the one the gate checked), no path separators, no wildcards.
 */
export const plainName = (what: string, max = 255) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, `a plain ${what} name (letters, digits, '.', '_', '-'; no ARN)`)
    .max(max);

/** An AWS resource id with a fixed prefix (sg-, vol-, ...), hex tail: never a wildcard or an ARN. */
export const awsId = (prefix: string, what: string) =>
  z.string().regex(new RegExp(`^${prefix}-[0-9a-f]{8,17}$`), `${what} like ${prefix}-0abc1234`);

export function attr(resource: ResourceDescription, key: string): string {
  const value = resource.attributes[key];
  return value === undefined ? "" : String(value);
}

export function numAttr(resource: ResourceDescription, key: string): number {
  const value = Number(resource.attributes[key]);
  return Number.isFinite(value) ? value : 0;
}

/** A comma-separated attribute as a list (empty entries dropped). */
export function listAttr(resource: ResourceDescription, key: string): string[] {
  return attr(resource, key)
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Shared rule: never more than one change to a group inside the rate-limit window. */
export function oneAtATime(context: BlastContext, affected: string[]): BlastVerdict | undefined {
  if (context.recentActionsOnGroup > 0) {
    return {
      allowed: false,
      reason: `another action already ran on ${context.target.group ?? context.target.id} in the rate-limit window`,
      affected,
    };
  }
  return undefined;
}

/** Refusal helper: keeps the verdicts short to read. */
export function refuse(reason: string, affected: string[]): BlastVerdict {
  return { allowed: false, reason, affected };
}

/** A raise is bounded: at most doubling (or +2 for small values) in one step. */
export function moreThanDoubles(current: number, wanted: number): boolean {
  return wanted > Math.max(current * 2, current + 2);
}

/** Recovered when the target group behind the resource serves fewer than 10 5XX a minute for 3 minutes. */
export function targetGroup5xx(target: ResourceDescription, deadlineMinutes: number): SuccessSignal {
  return {
    namespace: "AWS/ApplicationELB",
    metric: "HTTPCode_Target_5XX_Count",
    dimensions: { TargetGroup: attr(target, "targetGroup") },
    stat: "Sum",
    recoveredWhen: "below",
    threshold: 10,
    datapoints: 3,
    deadlineMinutes,
  };
}

/** Recovered when the group's average CPU stays under 70% for 3 minutes. */
export function groupCpu(group: string, deadlineMinutes: number): SuccessSignal {
  return {
    namespace: "AWS/EC2",
    metric: "CPUUtilization",
    dimensions: { AutoScalingGroupName: group },
    stat: "Average",
    recoveredWhen: "below",
    threshold: 70,
    datapoints: 3,
    deadlineMinutes,
  };
}
