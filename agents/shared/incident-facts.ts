import type { Alert, Incident, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";

/** The alert the incident is about: the first in ALARM, else the first. */
export function primaryAlert(incident: Incident): Alert {
  return incident.alerts.find((a) => a.state === "ALARM") ?? incident.alerts[0]!;
}

/** The service an incident belongs to, from the incident, its alerts, or "unknown". */
export function serviceOf(incident: Incident): string {
  return incident.service ?? incident.alerts.find((a) => a.service)?.service ?? "unknown";
}

/** Resources the alarm's dimensions point at, resolved against the service's resources. */
export function resourcesNamedByAlert(alert: Alert, resources: ResourceDescription[]): ResourceDescription[] {
  const dims = alert.metric?.dimensions ?? {};
  const named = new Set<string>([...Object.values(dims), ...alert.resources]);
  return resources.filter(
    (r) =>
      named.has(r.id) ||
      (r.type === "ecs-service" && named.has(String(r.attributes.targetGroup ?? ""))) ||
      (r.type === "ecs-service" && named.has(String(r.attributes.service ?? ""))) ||
      (r.type === "lambda-function" && named.has(String(r.attributes.functionName ?? r.id))),
  );
}

/** Start of the incident: the time of its first alert. */
export function incidentStart(incident: Incident): Date {
  return new Date(primaryAlert(incident).time);
}

export function minutesBefore(date: Date, minutes: number): Date {
  return new Date(date.getTime() - minutes * 60_000);
}

/** Latest value of the alert's metric, or undefined when the alarm watches no single metric. */
export async function latestAlarmValue(ports: Ports, alert: Alert): Promise<number | undefined> {
  if (!alert.metric) return undefined;
  const end = ports.clock.now();
  const series = await ports.metrics.getSeries({
    namespace: alert.metric.namespace,
    metric: alert.metric.name,
    dimensions: alert.metric.dimensions,
    start: minutesBefore(end, 15),
    end,
    stat: alert.metric.statistic ?? "Average",
    periodSeconds: alert.metric.periodSeconds ?? 60,
  });
  return series.points.at(-1)?.value;
}

/** Signature of a kind of incident, for outcome statistics: category and the alarm's metric. */
export function signatureOf(incident: Incident, category: string | undefined): string {
  const alert = primaryAlert(incident);
  return `${category ?? "unknown"}|${alert.metric?.namespace ?? "-"}/${alert.metric?.name ?? alert.alarmName}`;
}
