import type { Alert, ChangeEvent, Incident, ResourceDescription } from "../../tools/domain/index.js";
import type { AlarmSummary, Ports } from "../../tools/ports.js";
import {
  incidentStart,
  latestAlarmValue,
  minutesBefore,
  primaryAlert,
  resourcesNamedByAlert,
  serviceOf,
} from "../shared/incident-facts.js";
import { stillHappening } from "../shared/still-happening.js";
import { categoryForErrors, specificFindings } from "./category-evidence.js";
import { assessChanges } from "./change-evidence.js";
import { rankByScope } from "./change-scope.js";
import { crossServiceSuspects } from "./cross-service.js";
import { expectedBecause } from "./expected.js";
import { assessImpact } from "./impact.js";
import { queueConsumerOf, shortQueueConsumer } from "./queue-consumer.js";
import type { IncidentCategory, Triage } from "./schema.js";

/** How far back a change is listed at all. */
export const CHANGE_LOOKBACK_MINUTES = 120;
/** A change is a suspect only if it landed this long before the symptoms began (or with them). */
export const SUSPECT_WINDOW_MINUTES = 30;
/** Minutes of alarm history read to find when the symptoms began and whether the alarm flaps. */
export const HISTORY_MINUTES = 90;
/** Threshold crossings in the last hour from which an alarm counts as flapping. */
export const FLAP_MIN_CROSSINGS = 6;
/** Share of failing requests (5XX or Lambda errors) from which users are affected: SEV2. */
export const IMPACT_ERROR_SHARE = 0.05;

/** Category implied by the alarm's metric alone, before any change or dependency is considered. */
export function categoryFromMetric(namespace: string, metric: string): IncidentCategory | "errors" {
  const m = metric.toLowerCase();
  if (namespace === "AWS/RDS") return m.includes("storage") ? "disk" : "database";
  if (m.includes("tls") || namespace === "AWS/CertificateManager") return "security";
  if (m.includes("mem")) return "memory";
  if (m.includes("disk") || m.includes("storage")) return "disk";
  if (m.includes("throttle")) return "throttling";
  if (m.includes("connection") && namespace === "AWS/RDS") return "database";
  if (m.includes("statuscheck")) return "availability";
  // A queue that stops draining, or a function invoked far beyond its usual rate, is a health problem.
  if (namespace === "AWS/SQS") return "availability";
  if (
    namespace === "AWS/Lambda" &&
    ["invocations", "concurrentexecutions", "recursiveinvocationsdropped"].includes(m)
  )
    return "availability";
  if (m === "cpuutilization" || m.includes("requestcount")) return "capacity";
  if (
    m.includes("5xx") ||
    m === "errors" ||
    m.includes("error") ||
    m.includes("latency") ||
    m.includes("responsetime") ||
    m.includes("healthyhost") ||
    m.includes("runningtaskcount")
  )
    return "errors";
  return "unknown";
}

/** What a change would break if it were the cause. */
export function categoryOfChange(change: ChangeEvent): IncidentCategory {
  if (change.kind === "deployment") return "deployment";
  if (change.kind === "config" || change.kind === "feature-flag") return "configuration";
  if (/polic|iam|role|permission/i.test(change.summary)) return "security";
  return "configuration";
}

/**
 * Errors are blamed on the newest suspect change (deployment, configuration, flag or a person's
 * infrastructure change); with none, on a third-party dependency; otherwise they stay "availability".
 */
export function classifyErrors(
  deployments: ChangeEvent[],
  externals: string[],
  configChanges: ChangeEvent[] = [],
): IncidentCategory {
  const newest = [...deployments, ...configChanges].sort((a, b) => b.time.localeCompare(a.time))[0];
  if (newest) return categoryOfChange(newest);
  if (externals.length > 0) return "dependency";
  return "availability";
}

/** Changes made by the responder's own automation never explain an incident. */
const byAutomation = (c: ChangeEvent) => (c.author ?? "").startsWith("automation/");

/**
 * Changes that could have caused symptoms which began at `onset`: made by people or pipelines, not scaling,
 * landed within SUSPECT_WINDOW_MINUTES before the onset (or within two minutes after it). Newest first.
 */
export function suspectChanges(changes: ChangeEvent[], onset: Date): ChangeEvent[] {
  const from = minutesBefore(onset, SUSPECT_WINDOW_MINUTES).getTime();
  const to = onset.getTime() + 2 * 60_000;
  return changes
    .filter((c) => !byAutomation(c) && c.kind !== "scaling")
    .filter((c) => {
      const t = Date.parse(c.time);
      return t >= from && t <= to;
    })
    .sort((a, b) => b.time.localeCompare(a.time));
}

function breaches(comparison: string, value: number, threshold: number): boolean {
  if (comparison.startsWith("GreaterThanOrEqual")) return value >= threshold;
  if (comparison.startsWith("GreaterThan")) return value > threshold;
  if (comparison.startsWith("LessThanOrEqual")) return value <= threshold;
  return value < threshold;
}

export interface AlarmHistory {
  /** Start of the current run of breaching datapoints (one-point gaps tolerated). */
  onset?: Date;
  /** Crossings of the threshold in the last hour. */
  crossings: number;
  /** Share of the last hour's datapoints that breached. */
  breachShare: number;
}

/** Reads the alarm's metric over the last HISTORY_MINUTES: when the symptoms began, and how it behaved. */
export async function alarmHistory(ports: Ports, alert: Alert, alarm?: AlarmSummary): Promise<AlarmHistory> {
  const threshold = alert.metric?.threshold ?? alarm?.threshold;
  const comparison = alert.metric?.comparison ?? alarm?.comparison;
  if (!alert.metric || threshold === undefined || !comparison) return { crossings: 0, breachShare: 0 };
  const end = ports.clock.now();
  const series = await ports.metrics.getSeries({
    namespace: alert.metric.namespace,
    metric: alert.metric.name,
    dimensions: alert.metric.dimensions,
    start: minutesBefore(end, HISTORY_MINUTES),
    end,
    stat: alert.metric.statistic ?? "Average",
    periodSeconds: alert.metric.periodSeconds ?? 60,
  });
  const points = series.points.map((p) => ({ time: p.time, bad: breaches(comparison, p.value, threshold) }));
  // Walk back over the breaching run; one good point between bad ones does not end it.
  let start: number | undefined;
  for (let k = points.length - 1; k >= 0; k--) {
    if (points[k]?.bad) start = k;
    else if (!(k > 0 && points[k - 1]?.bad)) break;
  }
  const onsetPoint = start === undefined ? undefined : points[start];
  const hour = points.filter((p) => Date.parse(p.time) >= minutesBefore(end, 60).getTime());
  const crossings = hour.filter((p, k) => k > 0 && p.bad !== hour[k - 1]?.bad).length;
  return {
    ...(onsetPoint?.bad ? { onset: new Date(onsetPoint.time) } : {}),
    crossings,
    breachShare: hour.length === 0 ? 0 : hour.filter((p) => p.bad).length / hour.length,
  };
}

/** Failures counted as user impact only when at least this many failed in a minute (noise floor). */
const MIN_FAILURES_PER_MINUTE = 5;

/** The worst minute of the last three: failed / total, ignoring minutes with only a handful of failures. */
async function peakShare(
  ports: Ports,
  namespace: string,
  totals: string,
  failures: string,
  dimensions: Record<string, string>,
): Promise<number> {
  const end = ports.clock.now();
  const query = { namespace, dimensions, start: minutesBefore(end, 3), end, stat: "Sum" };
  const [all, failed] = await Promise.all([
    ports.metrics.getSeries({ ...query, metric: totals }),
    ports.metrics.getSeries({ ...query, metric: failures }),
  ]);
  let worst = 0;
  for (const p of failed.points) {
    const total = all.points.find((q) => q.time === p.time)?.value ?? 0;
    if (p.value >= MIN_FAILURES_PER_MINUTE && total > 0) worst = Math.max(worst, p.value / total);
  }
  return worst;
}

/** Highest share of failing requests in a recent minute across the service's load balancers and functions. */
export async function failingShare(ports: Ports, resources: ResourceDescription[]): Promise<number> {
  let worst = 0;
  const groups = new Set(resources.map((r) => String(r.attributes.targetGroup ?? "")).filter(Boolean));
  for (const tg of groups) {
    const share = await peakShare(ports, "AWS/ApplicationELB", "RequestCount", "HTTPCode_Target_5XX_Count", {
      TargetGroup: tg,
    });
    worst = Math.max(worst, share);
  }
  for (const fn of resources.filter((r) => r.type === "lambda-function")) {
    const dims = { FunctionName: String(fn.attributes.functionName ?? fn.id) };
    worst = Math.max(worst, await peakShare(ports, "AWS/Lambda", "Invocations", "Errors", dims));
  }
  return worst;
}

/** SEV2 for a security problem or when users see failures; SEV3 for a degradation not yet failing them. */
function severityFor(category: IncidentCategory, failing: number): Triage["severity"] {
  if (category === "security") return "SEV2";
  return failing >= IMPACT_ERROR_SHARE ? "SEV2" : "SEV3";
}

/**
 * Suspects, best first: instances failing their health or status checks, what the alarm names (directly or
 * through its target group), the resource a blamed change touched, and for a capacity alarm the group.
 */
function suspects(
  alert: Alert,
  all: ResourceDescription[],
  category: IncidentCategory,
  blamed?: ChangeEvent,
  specific: string[] = [],
): string[] {
  const dims = Object.values(alert.metric?.dimensions ?? {});
  const sick = all.filter(
    (r) =>
      r.type === "ec2-instance" &&
      (r.attributes.healthStatus === "Unhealthy" || r.attributes.systemStatus === "impaired"),
  );
  const named = resourcesNamedByAlert(alert, all);
  const behindTarget = all.filter((r) => dims.includes(String(r.attributes.targetGroup ?? "-")));
  const ids = [...specific, ...[...sick, ...named, ...behindTarget].map((r) => r.id)];
  if (blamed && all.some((r) => r.id === blamed.resourceId)) ids.push(blamed.resourceId);
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
  const notAnIncident = (hypothesis: string): Triage => ({
    isIncident: false,
    severity: "SEV4",
    category: "unknown",
    service,
    suspectedResources: [],
    recentChanges: [],
    hypothesis,
    signals,
  });

  if (alert.state !== "ALARM" || described?.state === "OK") {
    return notAnIncident(
      `The alarm ${alert.alarmName} is back to OK: the condition healed before any action.`,
    );
  }
  const history = await alarmHistory(ports, alert, described);
  if (history.crossings >= FLAP_MIN_CROSSINGS && history.breachShare > 0.15 && history.breachShare < 0.85) {
    return notAnIncident(
      `The alarm ${alert.alarmName} is flapping: its metric crossed the threshold ${history.crossings} times in the last hour ` +
        `and breached only ${Math.round(history.breachShare * 100)}% of the time. Nothing is failing; tune the alarm (more evaluation periods or a higher threshold).`,
    );
  }

  const current = await stillHappening(ports, alert, {
    threshold: described?.threshold,
    comparison: described?.comparison,
  });
  if (!current.happening)
    return notAnIncident(`The alarm ${alert.alarmName} is still in ALARM, but ${current.reason}.`);

  const resources = await ports.resources.listByService(service);
  const since = minutesBefore(incidentStart(incident), CHANGE_LOOKBACK_MINUTES);
  const changes = await ports.changes.list({ service, since, until: now });
  const onset = history.onset ?? incidentStart(incident);
  const dependencies = await ports.resources.dependencies(service);
  const externals = dependencies.filter((d) => d.external).map((d) => d.service);
  const named = resourcesNamedByAlert(alert, resources);
  // A queue alarm is about its consumer's work too: a change to the consumer is a change to the alarmed path.
  const consumer = queueConsumerOf(alert, resources);
  const candidates = rankByScope(suspectChanges(changes, onset), {
    alarmed: new Set([...named, ...(consumer ? [consumer] : [])].map((r) => r.id)),
    serviceResources: new Set(resources.map((r) => r.id)),
    dependencies: new Set(dependencies.filter((d) => !d.external).map((d) => d.service)),
  });

  const fromMetric = alert.metric ? categoryFromMetric(alert.metric.namespace, alert.metric.name) : "unknown";
  // A queue that stops draining because its consumer is short of capacity (a function capped by its
  // reservation, a CPU-bound worker fleet) is a throttling or capacity problem, not the queue's.
  const queueConsumer =
    fromMetric === "availability" ? await shortQueueConsumer(ports, alert, resources) : undefined;
  const byMetric = queueConsumer?.finding.category ?? fromMetric;
  const assessed = await assessChanges(ports, alert, service, candidates, onset, {
    threshold: described?.threshold,
    comparison: described?.comparison,
  });
  const plausible = assessed.filter((a) => a.plausible).map((a) => a.change);
  const cleared = assessed.filter((a) => !a.plausible);
  // Failing calls to another service's resource explain errors unless a change of the alarmed resource does.
  const ownChange = plausible.some((c) => named.some((r) => r.id === c.resourceId));
  const remote =
    byMetric === "errors" && !ownChange ? (await crossServiceSuspects(ports, service))[0] : undefined;
  const findings = byMetric === "errors" ? await specificFindings(ports, resources) : [];
  // A queue that stopped draining right after its consumer changed (and not because the consumer is
  // throttled): the evidence that judges any change (no healthy period after it) ties the two.
  const consumerChange =
    byMetric === "availability" && consumer
      ? plausible.find((c) => c.resourceId === consumer.id && c.kind !== "scaling")
      : undefined;
  const blamed = byMetric === "errors" && !remote ? plausible[0] : consumerChange;
  const category = remote
    ? remote.category
    : byMetric === "errors"
      ? categoryForErrors(blamed && categoryOfChange(blamed), findings, externals)
      : consumerChange
        ? categoryOfChange(consumerChange)
        : byMetric;
  const specific =
    queueConsumer?.finding ?? (!blamed && findings[0]?.category === category ? findings[0] : undefined);
  const failing = await failingShare(ports, resources);
  // Planned, fleet-wide activity explains fleet-wide symptoms only: one instance out of line with its peers
  // (e.g. a miner on one host during a load test) is not explained by it. Security is never explained away.
  if (category !== "security" && !named.some((r) => r.type === "ec2-instance")) {
    const expected = await expectedBecause(ports, service, named.length > 0 ? named : resources, now);
    if (expected) return notAnIncident(expected);
  }
  // A backlog past its alarm is the impact itself (work delayed), whatever the request metrics say.
  if (category === "capacity" && !queueConsumer) {
    const impact = await assessImpact(ports, alert, resources, failing);
    if (!impact.impacted) {
      return notAnIncident(
        `${alert.alarmName} fired on ${service}, but users are not affected and nothing says they soon will be: no failing requests, latency within objective, health checks passing, and ${alert.metric?.name ?? "the metric"} is not climbing toward saturation. No action; review the alarm threshold.`,
      );
    }
  }
  const suspectedResources = [
    ...new Set([
      ...(remote ? [remote.resource] : []),
      ...suspects(
        alert,
        resources,
        category,
        blamed,
        specific ? [specific.resourceId, ...(queueConsumer ? [queueConsumer.queue.id] : [])] : [],
      ),
    ]),
  ];

  const parts = [`${alert.alarmName} fired on ${service}`];
  if (latest !== undefined && threshold !== undefined)
    parts.push(`(${round(latest)} against threshold ${threshold})`);
  parts.push(`from ${onset.toISOString().slice(11, 16)}`);
  if (blamed)
    parts.push(`right after ${blamed.kind} change "${blamed.summary}" at ${blamed.time.slice(11, 16)}`);
  for (const c of cleared)
    parts.push(
      `; not blaming ${c.change.kind} change "${c.change.summary}" at ${c.change.time.slice(11, 16)}: ${c.why}`,
    );
  if (specific) parts.push(`; ${specific.why}`);
  if (remote) parts.push(`; the calls it makes fail at ${remote.evidence}, owned by ${remote.team}`);
  if (category === "dependency")
    parts.push(`with no change of ours just before; it depends on ${externals.join(", ")}`);
  if (category === "capacity") parts.push("consistent with more load than the current capacity serves");
  if (category === "memory") parts.push("memory climbing on one instance suggests a leak");
  if (category === "disk") parts.push("the disk is filling");
  if (failing >= IMPACT_ERROR_SHARE) parts.push(`; ${Math.round(failing * 100)}% of requests are failing`);

  return {
    isIncident: true,
    severity: severityFor(category, failing),
    category,
    service,
    suspectedResources,
    recentChanges: plausible.map((c) => c.id),
    ...(specific ? { specificFinding: specific.why } : {}),
    externalDependency: category === "dependency" ? externals[0] : undefined,
    ...(remote
      ? {
          crossService: {
            service: remote.service,
            resource: remote.resource,
            team: remote.team,
            evidence: remote.evidence,
          },
        }
      : {}),
    hypothesis: `${parts.join(" ").replaceAll(" ;", ";")}.`,
    signals,
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
