/**
 * Category from structured evidence, not from wording: what the service's own resources report right now.
 * A specific finding (an instance failing its health checks, a table throttling requests, a database at its
 * connection limit, a full disk) names both the kind of problem and the resource; it outranks the generic
 * "a dependency of ours is external, so blame it" fallback. Log phrases are never read here.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";
import type { IncidentCategory } from "./schema.js";

/** Share of max_connections from which a database counts as full. */
export const DB_FULL_SHARE = 0.9;
/** Throttled requests per minute (worst recent minute) from which a table counts as throttling. */
export const THROTTLED_PER_MINUTE = 5;
/** Share of its reserved concurrency from which a throttled function counts as capped by it. */
export const AT_RESERVATION_SHARE = 0.9;
/** Disk use (percent) from which a disk counts as full. */
export const DISK_FULL_PERCENT = 90;
/** CPU (percent) that every in-service instance of a group must stay above for the fleet to count as saturated. */
export const SATURATED_CPU_PERCENT = 80;
/** Minutes of recent data read for each finding. */
const RECENT_MINUTES = 5;
/** Minutes a fleet must have stayed CPU-bound (each minute, every instance) to count as saturated. */
const SATURATED_MINUTES = 3;

export interface SpecificFinding {
  category: IncidentCategory;
  resourceId: string;
  why: string;
}

/**
 * True when every in-service instance of the group stayed above `SATURATED_CPU_PERCENT` in each of the last
 * `SATURATED_MINUTES` minutes (at least two instances with data): the whole fleet is out of headroom, so more
 * load than it can serve, not one broken host, explains slow or failing requests.
 */
async function fleetSaturated(ports: Ports, group: ResourceDescription): Promise<number | undefined> {
  const ids = String(group.attributes.instances ?? "")
    .split(",")
    .filter((id) => id !== "");
  if (ids.length < 2) return undefined;
  const end = ports.clock.now();
  let lowest = Number.POSITIVE_INFINITY;
  for (const id of ids) {
    const series = await ports.metrics.getSeries({
      namespace: "AWS/EC2",
      metric: "CPUUtilization",
      dimensions: { InstanceId: id },
      start: minutesBefore(end, SATURATED_MINUTES),
      end,
      stat: "Average",
      periodSeconds: 60,
    });
    const values = series.points.slice(-SATURATED_MINUTES).map((p) => p.value);
    if (values.length < SATURATED_MINUTES) return undefined;
    lowest = Math.min(lowest, ...values);
  }
  return lowest >= SATURATED_CPU_PERCENT ? lowest : undefined;
}

async function recentMax(
  ports: Ports,
  namespace: string,
  metric: string,
  dimensions: Record<string, string>,
  stat: string,
): Promise<number | undefined> {
  const end = ports.clock.now();
  const series = await ports.metrics.getSeries({
    namespace,
    metric,
    dimensions,
    start: minutesBefore(end, RECENT_MINUTES),
    end,
    stat,
    periodSeconds: 60,
  });
  if (series.points.length === 0) return undefined;
  return Math.max(...series.points.map((p) => p.value));
}

/**
 * The specific findings among the service's resources, most specific first: unhealthy or impaired instances,
 * throttling tables, full databases, full disks, a whole group CPU-bound. Empty when nothing specific is wrong.
 */
export async function specificFindings(
  ports: Ports,
  resources: ResourceDescription[],
): Promise<SpecificFinding[]> {
  const found: SpecificFinding[] = [];
  for (const r of resources) {
    if (r.type === "ec2-instance") {
      if (r.attributes.healthStatus === "Unhealthy" || r.attributes.systemStatus === "impaired") {
        found.push({
          category: "availability",
          resourceId: r.id,
          why: `instance ${r.id} is failing its ${r.attributes.systemStatus === "impaired" ? "system status" : "health"} checks`,
        });
        continue;
      }
      const disk = await recentMax(
        ports,
        "CWAgent",
        "disk_used_percent",
        { InstanceId: r.id, path: "/" },
        "Maximum",
      );
      if (disk !== undefined && disk >= DISK_FULL_PERCENT)
        found.push({
          category: "disk",
          resourceId: r.id,
          why: `the root disk of ${r.id} is ${Math.round(disk)}% full`,
        });
    }
    if (r.type === "autoscaling-group") {
      const lowest = await fleetSaturated(ports, r);
      if (lowest !== undefined)
        found.push({
          category: "capacity",
          resourceId: r.id,
          why: `every in-service instance of ${r.id} has run at ${Math.round(lowest)}% CPU or more for ${SATURATED_MINUTES} minutes`,
        });
    }
    if (r.type === "dynamodb-table") {
      const throttled = await recentMax(
        ports,
        "AWS/DynamoDB",
        "ThrottledRequests",
        { TableName: r.id },
        "Sum",
      );
      if (throttled !== undefined && throttled >= THROTTLED_PER_MINUTE)
        found.push({
          category: "throttling",
          resourceId: r.id,
          why: `table ${r.id} throttled up to ${Math.round(throttled)} requests a minute`,
        });
    }
    if (r.type === "lambda-function") {
      // A function of the service throttled (at its reservation, or by the account's limit): callers see 429s.
      const reserved = Number(r.attributes.reservedConcurrency ?? Number.NaN);
      const fn = { FunctionName: String(r.attributes.functionName ?? r.id) };
      const throttled = await recentMax(ports, "AWS/Lambda", "Throttles", fn, "Sum");
      if (throttled !== undefined && throttled >= THROTTLED_PER_MINUTE) {
        const peak =
          reserved > 0
            ? await recentMax(ports, "AWS/Lambda", "ConcurrentExecutions", fn, "Maximum")
            : undefined;
        const atReservation = peak !== undefined && peak >= AT_RESERVATION_SHARE * reserved;
        found.push({
          category: "throttling",
          resourceId: r.id,
          why: `function ${fn.FunctionName} throttled up to ${Math.round(throttled)} invocations a minute${atReservation ? ` at its reserved concurrency of ${reserved}` : ""}`,
        });
      }
    }
    if (r.type === "rds-instance") {
      const max = Number(r.attributes.maxConnections ?? 0);
      const used = await recentMax(
        ports,
        "AWS/RDS",
        "DatabaseConnections",
        { DBInstanceIdentifier: r.id },
        "Maximum",
      );
      if (max > 0 && used !== undefined && used >= DB_FULL_SHARE * max)
        found.push({
          category: "database",
          resourceId: r.id,
          why: `database ${r.id} holds ${Math.round(used)} of its ${max} connections`,
        });
    }
  }
  // A broken part names its own fix; a saturated fleet is the least specific finding (it can be a symptom).
  const order: IncidentCategory[] = ["availability", "throttling", "database", "disk", "capacity"];
  return found.sort((a, b) => order.indexOf(a.category) - order.indexOf(b.category));
}

/**
 * The category of an error alarm, from evidence in order of strength: a change that evidence still ties to
 * the symptoms; a specific finding on one of the service's resources; a third-party dependency; otherwise
 * the service's own availability.
 */
export function categoryForErrors(
  changeCategory: IncidentCategory | undefined,
  findings: SpecificFinding[],
  externals: string[],
): IncidentCategory {
  if (changeCategory) return changeCategory;
  if (findings[0]) return findings[0].category;
  if (externals.length > 0) return "dependency";
  return "availability";
}
