/**
 * Default parameters for the catalogue families beyond the first five, from the target's current state.
 * `undefined` means the action cannot help this target as it is (no reservation to raise, no dead-letter
 * queue to move messages to, table already on demand...). The catalogue's blast rules still bound them.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";

const num = (r: ResourceDescription, key: string) => Number(r.attributes[key] ?? Number.NaN);
const str = (r: ResourceDescription, key: string) => String(r.attributes[key] ?? "");

type Defaults = (target: ResourceDescription) => Record<string, unknown> | undefined;

const FAMILY_DEFAULTS: Readonly<Record<string, Defaults>> = {
  "lambda-set-reserved-concurrency": (t) => {
    const current = num(t, "reservedConcurrency");
    if (!(current > 0)) return undefined;
    const headroom = num(t, "accountUnreservedConcurrency") - 100;
    const wanted = Math.min(current * 2, current + Math.max(0, headroom));
    if (wanted <= current) return undefined;
    return { FunctionName: str(t, "functionName") || t.id, ReservedConcurrentExecutions: wanted };
  },
  "lambda-stop-recursive-loop": (t) =>
    num(t, "reservedConcurrency") === 0
      ? undefined
      : { FunctionName: str(t, "functionName") || t.id, ReservedConcurrentExecutions: 0 },
  "dynamodb-switch-to-on-demand": (t) =>
    str(t, "billingMode") === "PROVISIONED" ? { TableName: t.id, BillingMode: "PAY_PER_REQUEST" } : undefined,
  // Raising provisioned units is the fix for an auto-scaled table pinned at its maximum (the runbook's
  // `when`); a table without scaling policies goes on demand instead.
  "dynamodb-set-provisioned-capacity": (t) => {
    if (str(t, "billingMode") !== "PROVISIONED") return undefined;
    if (!(num(t, "autoScalingMaxWriteCapacityUnits") > 0 || num(t, "autoScalingMaxReadCapacityUnits") > 0))
      return undefined;
    return {
      TableName: t.id,
      ReadCapacityUnits: num(t, "readCapacityUnits") * 2,
      WriteCapacityUnits: num(t, "writeCapacityUnits") * 2,
    };
  },
  "sqs-move-poison-messages": (t) => {
    const dlq = str(t, "deadLetterQueue");
    if (dlq === "" || dlq === "none" || !(num(t, "maxReceiveCount") > 3)) return undefined;
    return { QueueName: t.id, DeadLetterQueueName: dlq, maxReceiveCount: 3 };
  },
  "ebs-extend-volume": (t) => {
    const size = num(t, "diskSizeGb");
    const volume = str(t, "rootVolumeId");
    if (!(size > 0) || volume === "") return undefined;
    return {
      InstanceId: t.id,
      VolumeId: volume,
      SizeGib: String(Math.ceil(size * 1.5)),
      MountPoint: "/",
      KeepSnapshot: true,
    };
  },
  "rds-reboot-instance": (t) => ({ InstanceId: t.id }),
  /** Up to the ceiling the platform team set on the group, at most doubling; nothing without a ceiling. */
  "asg-raise-max-size": (t) => {
    const max = num(t, "maxSize");
    const ceiling = num(t, "maxSizeCeiling");
    if (!(ceiling > max)) return undefined;
    return { AutoScalingGroupName: t.id, MaxSize: Math.min(ceiling, Math.max(max * 2, max + 2)) };
  },
  "lambda-remove-reserved-concurrency": (t) =>
    t.attributes.reservedConcurrency === undefined
      ? undefined
      : { FunctionName: str(t, "functionName") || t.id },
  "ecs-set-desired-count": (t) => {
    const current = num(t, "desiredCount");
    const max = num(t, "maxCount");
    if (!(max > current)) return undefined;
    return {
      cluster: str(t, "cluster"),
      service: str(t, "service") || t.id,
      desiredCount: Math.min(max, current * 2),
    };
  },
  "sqs-redrive-dead-letter-queue": (t) => {
    const dlq = str(t, "deadLetterQueue");
    if (dlq === "" || dlq === "none") return undefined;
    return { SourceQueueName: t.id, DeadLetterQueueName: dlq, MaxNumberOfMessagesPerSecond: 10 };
  },
  "ecs-force-new-deployment": (t) => ({
    cluster: str(t, "cluster"),
    service: str(t, "service") || t.id,
    forceNewDeployment: true,
  }),
};

/** Whether this module knows the action, and if so its defaults (undefined: cannot help). */
export function familyDefaults(
  actionId: string,
  target: ResourceDescription,
): { known: boolean; params?: Record<string, unknown> } {
  const build = Object.hasOwn(FAMILY_DEFAULTS, actionId) ? FAMILY_DEFAULTS[actionId] : undefined;
  if (!build) return { known: false };
  const params = build(target);
  return params ? { known: true, params } : { known: true };
}
