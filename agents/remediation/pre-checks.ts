/**
 * Read-only pre-checks: before an action is proposed, the metrics must show that the mechanism it changes
 * is the one failing. More DynamoDB capacity helps only a table that uses what it has (a hot partition key
 * throttles well below it); a higher Lambda reservation helps only a function running at its reservation;
 * stopping a function is for runaway growth, not for ordinary load. Returns why the action cannot help,
 * or undefined when the evidence fits.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { FIT_CHECKS } from "./fit-checks.js";
import { notAFlood } from "./flood-check.js";

const WINDOW_MINUTES = 10;

async function values(
  ports: Ports,
  namespace: string,
  metric: string,
  dimensions: Record<string, string>,
  stat: string,
  minutesBack: number,
  minutesSpan = minutesBack,
): Promise<number[]> {
  const end = new Date(ports.clock.now().getTime() - (minutesBack - minutesSpan) * 60_000);
  const start = new Date(end.getTime() - minutesSpan * 60_000);
  const series = await ports.metrics.getSeries({ namespace, metric, dimensions, start, end, stat });
  return series.points.map((p) => p.value).filter((v) => Number.isFinite(v));
}

const max = (xs: number[]) => (xs.length === 0 ? Number.NaN : Math.max(...xs));
const median = (xs: number[]) => {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

type PreCheck = (ports: Ports, target: ResourceDescription) => Promise<string | undefined>;

/** Throttled while using under 80% of what is provisioned: not a capacity problem. */
const tableAtCapacity: PreCheck = async (ports, target) => {
  const dims = { TableName: target.id };
  const usage = async (kind: "Read" | "Write") => {
    const provisioned = Number(target.attributes[`${kind.toLowerCase()}CapacityUnits`] ?? 0);
    if (!(provisioned > 0)) return Number.NaN;
    const consumed = max(
      await values(ports, "AWS/DynamoDB", `Consumed${kind}CapacityUnits`, dims, "Sum", WINDOW_MINUTES),
    );
    return consumed / 60 / provisioned;
  };
  const [read, write] = [await usage("Read"), await usage("Write")];
  const peak = Math.max(Number.isFinite(read) ? read : 0, Number.isFinite(write) ? write : 0);
  if (peak >= 0.8) return undefined;
  return `${target.id} throttles while using ${Math.round(peak * 100)}% of its provisioned capacity: a hot partition key, which more capacity does not fix`;
};

/**
 * Use of the root file system (percent) a disk action must bring it to or below to count as a fix: under
 * the usual 85–90% alarm thresholds with room for a day's growth.
 */
export const DISK_RELIEF_PERCENT = 80;

/** Cleaning rotated logs helps only when they are what fills the disk (data growth is not freed by it). */
const cleanupFreesEnough: PreCheck = async (ports, target) => {
  const usage = await ports.diagnostics?.diskUsage(target.id);
  if (!usage) return undefined;
  const after = usage.usedPercent - usage.cleanupReclaimablePercent;
  if (after <= DISK_RELIEF_PERCENT) return undefined;
  return `rotated logs under /var/log/app take only ${usage.cleanupReclaimablePercent.toFixed(1)} points of ${target.id}'s ${Math.round(usage.usedPercent)}% used disk: cleaning them leaves it ${Math.round(after)}% full`;
};

/** Growing a volume (irreversible) is not needed when the approved cleanup alone brings the disk back. */
const growthNeeded: PreCheck = async (ports, target) => {
  const instanceId = target.id;
  const usage = await ports.diagnostics?.diskUsage(instanceId);
  if (!usage) return undefined;
  const after = usage.usedPercent - usage.cleanupReclaimablePercent;
  if (after > DISK_RELIEF_PERCENT) return undefined;
  return `rotated logs take ${usage.cleanupReclaimablePercent.toFixed(1)} points of ${instanceId}'s disk: the log cleanup brings it to ${Math.round(after)}%, so a bigger volume (irreversible) is not needed`;
};

const PRE_CHECKS: Readonly<Record<string, PreCheck>> = {
  ...FIT_CHECKS,
  "asg-set-desired-capacity": notAFlood,
  "asg-raise-max-size": notAFlood,
  "ec2-cleanup-rotated-logs": cleanupFreesEnough,
  "ebs-extend-volume": growthNeeded,
  "dynamodb-switch-to-on-demand": tableAtCapacity,
  "dynamodb-set-provisioned-capacity": tableAtCapacity,
  "lambda-set-reserved-concurrency": async (ports, target) => {
    const reserved = Number(target.attributes.reservedConcurrency ?? Number.NaN);
    const name = String(target.attributes.functionName ?? target.id);
    const peak = max(
      await values(
        ports,
        "AWS/Lambda",
        "ConcurrentExecutions",
        { FunctionName: name },
        "Maximum",
        WINDOW_MINUTES,
      ),
    );
    if (reserved > 0 && peak >= reserved * 0.9) return undefined;
    return `${name} peaks at ${Number.isFinite(peak) ? peak : "no"} concurrent executions against a reservation of ${reserved}: the reservation is not what throttles it`;
  },
  "lambda-stop-recursive-loop": async (ports, target) => {
    const name = String(target.attributes.functionName ?? target.id);
    const dims = { FunctionName: name };
    const dropped = max(
      await values(ports, "AWS/Lambda", "RecursiveInvocationsDropped", dims, "Sum", WINDOW_MINUTES),
    );
    const recent = median(await values(ports, "AWS/Lambda", "Invocations", dims, "Sum", 5));
    const before = median(await values(ports, "AWS/Lambda", "Invocations", dims, "Sum", 60, 30));
    if (dropped > 0 || recent >= 5 * before) return undefined;
    return `${name} shows no runaway growth (invocations ${recent}/min against ${before}/min before, no recursion detected): stopping it would only take it out of service`;
  },
};

export async function preCheck(
  ports: Ports,
  actionId: string,
  target: ResourceDescription,
): Promise<string | undefined> {
  const check = Object.hasOwn(PRE_CHECKS, actionId) ? PRE_CHECKS[actionId] : undefined;
  return check ? check(ports, target) : undefined;
}

/** Whether the action has a read-only pre-check (for reports: "passed" means something only then). */
export function hasPreCheck(actionId: string): boolean {
  return Object.hasOwn(PRE_CHECKS, actionId);
}
