import type { ChangeEvent, Incident, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import {
  incidentStart,
  latestAlarmValue,
  minutesBefore,
  primaryAlert,
  resourcesNamedByAlert,
  serviceOf,
} from "../shared/incident-facts.js";
import type { IncidentCategory, Triage } from "./schema.js";

/** How far back a deployment still counts as a suspect. */
export const CHANGE_LOOKBACK_MINUTES = 120;

/** Category implied by the alarm's metric alone, before any change or dependency is considered. */
export function categoryFromMetric(namespace: string, metric: string): IncidentCategory | "errors" {
  const m = metric.toLowerCase();
  if (m.includes("mem")) return "memory";
  if (m.includes("disk") || m.includes("storage")) return "disk";
  if (m.includes("throttle")) return "throttling";
  if (m.includes("connection") && namespace === "AWS/RDS") return "database";
  if (m === "cpuutilization" || m.includes("requestcount")) return "capacity";
  if (
    m.includes("5xx") ||
    m === "errors" ||
    m.includes("error") ||
    m.includes("latency") ||
    m.includes("responsetime")
  )
    return "errors";
  if (m.includes("statuscheck")) return "availability";
  return "unknown";
}

/**
 * Errors with a recent deployment on the service point at the deployment; errors with a third-party
 * dependency and no deployment point at the dependency; anything else stays "availability".
 */
export function classifyErrors(
  deployments: ChangeEvent[],
  externals: string[],
  configChanges: ChangeEvent[],
): IncidentCategory {
  if (deployments.length > 0) return "deployment";
  if (configChanges.length > 0) return "configuration";
  if (externals.length > 0) return "dependency";
  return "availability";
}

function severityFor(category: IncidentCategory, customerFacing: boolean): Triage["severity"] {
  if (category === "security") return "SEV2";
  if (customerFacing && ["deployment", "dependency", "availability", "configuration"].includes(category))
    return "SEV2";
  return "SEV3";
}

/** Suspects: what the alarm names first, then the groups and services it belongs to. */
function suspects(
  named: ResourceDescription[],
  all: ResourceDescription[],
  category: IncidentCategory,
): string[] {
  const ids = named.map((r) => r.id);
  if (category === "capacity") {
    for (const r of named) if (r.group) ids.push(r.group);
  }
  if (category === "deployment" && ids.length === 0) {
    ids.push(...all.filter((r) => r.type === "ecs-service" || r.type === "lambda-function").map((r) => r.id));
  }
  return [...new Set(ids)];
}

/** The deterministic triage reasoner. */
export async function triageByRules(ports: Ports, incident: Incident): Promise<Triage> {
  const alert = primaryAlert(incident);
  const service = serviceOf(incident);
  const now = ports.clock.now();
  const described = await ports.alarms.describe(alert.alarmName);
  const latest = await latestAlarmValue(ports, alert);
  const threshold = alert.metric?.threshold ?? described?.threshold;
  const signals =
    latest === undefined
      ? []
      : [
          {
            metric: `${alert.metric?.namespace}/${alert.metric?.name}`,
            latest,
            threshold,
            note: `alarm ${alert.alarmName} is ${described?.state ?? alert.state}`,
          },
        ];

  if (alert.state !== "ALARM" || described?.state === "OK") {
    return {
      isIncident: false,
      severity: "SEV4",
      category: "unknown",
      service,
      suspectedResources: [],
      recentChanges: [],
      hypothesis: `The alarm ${alert.alarmName} is back to OK: the condition healed before any action.`,
      signals,
    };
  }

  const resources = await ports.resources.listByService(service);
  const named = resourcesNamedByAlert(alert, resources);
  const since = minutesBefore(incidentStart(incident), CHANGE_LOOKBACK_MINUTES);
  const changes = (await ports.changes.list({ service, since, until: now })).sort((a, b) =>
    b.time.localeCompare(a.time),
  );
  const deployments = changes.filter((c) => c.kind === "deployment");
  const configChanges = changes.filter((c) => c.kind === "config" || c.kind === "feature-flag");
  const externals = (await ports.resources.dependencies(service))
    .filter((d) => d.external)
    .map((d) => d.service);

  const byMetric = alert.metric ? categoryFromMetric(alert.metric.namespace, alert.metric.name) : "unknown";
  const category = byMetric === "errors" ? classifyErrors(deployments, externals, configChanges) : byMetric;
  const customerFacing =
    resources.some((r) => r.type === "ecs-service" || r.type === "load-balancer") || byMetric === "errors";
  const suspectedResources = suspects(named, resources, category);

  const parts = [`${alert.alarmName} fired on ${service}`];
  if (latest !== undefined && threshold !== undefined)
    parts.push(`(${round(latest)} against threshold ${threshold})`);
  if (category === "deployment" && deployments[0])
    parts.push(`after deployment ${deployments[0].summary} at ${deployments[0].time}`);
  if (category === "dependency")
    parts.push(`with no recent deployment; it depends on ${externals.join(", ")}`);
  if (category === "capacity") parts.push("consistent with more load than the current capacity serves");
  if (category === "memory") parts.push("memory climbing on one instance suggests a leak");
  if (category === "disk") parts.push("the disk is filling");

  return {
    isIncident: true,
    severity: severityFor(category, customerFacing),
    category,
    service,
    suspectedResources,
    recentChanges: changes.map((c) => c.id),
    externalDependency: category === "dependency" ? externals[0] : undefined,
    hypothesis: `${parts.join(" ")}.`,
    signals,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
