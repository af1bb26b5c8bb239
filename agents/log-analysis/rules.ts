import type { Incident } from "../../tools/domain/index.js";
import { type LogGap, type Ports, queryLogs } from "../../tools/ports.js";
import { incidentStart, minutesBefore, serviceOf } from "../shared/incident-facts.js";
import { analyseLogs } from "./analysis/analyse.js";
import type { NamedResource } from "./analysis/structured-category.js";
import { DrainTemplateMiner, type TemplateMiner } from "./analysis/templates.js";
import type { LogFindings } from "./schema.js";

/** Minutes before the alarm that still belong to the incident window. */
export const INCIDENT_LEAD_MINUTES = 15;
/** Length of the baseline window that precedes the incident window. */
export const BASELINE_MINUTES = 60;
const MAX_LINES_PER_WINDOW = 5_000;

/** The incident window starts at the alarm minus a lead, or at the last deployment before it if earlier. */
export function incidentWindow(
  alarmTime: Date,
  now: Date,
  deploymentTimes: string[],
): { start: Date; end: Date } {
  let start = minutesBefore(alarmTime, INCIDENT_LEAD_MINUTES);
  for (const t of deploymentTimes) {
    const d = new Date(t);
    if (d < start && d > minutesBefore(alarmTime, 120)) start = d;
  }
  return { start, end: now };
}

/**
 * Resources a failing line may name: the databases of the service and of the services it calls (endpoint
 * host and id), and its third-party dependencies (name and host).
 */
export async function namedResources(ports: Ports, service: string): Promise<NamedResource[]> {
  const named: NamedResource[] = [];
  const deps = await ports.resources.dependencies(service);
  const internal = [service, ...deps.filter((d) => !d.external).map((d) => d.service)];
  for (const s of internal) {
    for (const r of await ports.resources.listByService(s)) {
      if (r.type !== "rds-instance") continue;
      const endpoint = String(r.attributes.endpoint ?? "").toLowerCase();
      named.push({ tokens: [r.id.toLowerCase(), endpoint].filter(Boolean), category: "database" });
    }
  }
  for (const d of deps.filter((x) => x.external)) {
    const host = String((await ports.resources.describe(d.service))?.attributes.host ?? "").toLowerCase();
    named.push({ tokens: [d.service.toLowerCase(), host].filter(Boolean), category: "dependency" });
  }
  return named;
}

/** The deterministic log-analysis reasoner. */
export async function analyseLogsByRules(
  ports: Ports,
  incident: Incident,
  miner: TemplateMiner = new DrainTemplateMiner(),
): Promise<LogFindings> {
  const service = serviceOf(incident);
  const now = ports.clock.now();
  const alarmTime = incidentStart(incident);
  const changes = await ports.changes.list({ service, since: minutesBefore(alarmTime, 120), until: now });
  const deployments = changes.filter(
    (c) => c.kind === "deployment" || c.kind === "config" || c.kind === "feature-flag",
  );
  const window = incidentWindow(
    alarmTime,
    now,
    deployments.map((d) => d.time),
  );
  const baselineStart = minutesBefore(window.start, BASELINE_MINUTES);
  const [incidentRead, baselineRead, dependencies, named] = await Promise.all([
    queryLogs(ports.logs, { service, start: window.start, end: window.end, limit: MAX_LINES_PER_WINDOW }),
    queryLogs(ports.logs, { service, start: baselineStart, end: window.start, limit: MAX_LINES_PER_WINDOW }),
    ports.resources.dependencies(service),
    namedResources(ports, service),
  ]);
  const findings = analyseLogs({
    incident: incidentRead.events,
    baseline: baselineRead.events,
    incidentMinutes: Math.max(1, (window.end.getTime() - window.start.getTime()) / 60_000),
    baselineMinutes: BASELINE_MINUTES,
    deployments,
    externalDependencies: dependencies.filter((d) => d.external).map((d) => d.service),
    namedResources: named,
    miner,
    windowEnd: window.end.toISOString(),
  });
  return withGaps(findings, [...incidentRead.gaps, ...baselineRead.gaps]);
}

/** Notes the log groups that could not be read: the run continues on the rest, and says what it missed. */
export function withGaps(findings: LogFindings, gaps: readonly LogGap[]): LogFindings {
  const known = findings.unreadableLogGroups ?? [];
  const groups = [...new Set([...known, ...gaps.map((g) => g.logGroup)])].sort();
  if (groups.length === known.length) return findings;
  return {
    ...findings,
    unreadableLogGroups: groups,
    summary: `${findings.summary}; gap: ${groups.length} log group(s) could not be read (access denied): ${groups.join(", ")}`,
  };
}
