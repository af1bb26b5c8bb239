/**
 * Extra noise a variant adds around the fault, none of which changes what happened: an innocent deploy at a
 * random distance before the fault, other services' errors, and requests that failed once and succeeded on
 * retry. Lines are written in the simulator's Java shape, so the variant's dialect renders them too.
 */
import type { Scenario } from "../scenario/index.js";
import { intIn, pickOne } from "./rng.js";

type NoiseChange = Scenario["noise"]["changes"][number];
type NoiseLine = Scenario["noise"]["logLines"][number];
type Trigger = Scenario["triggers"][number];

export interface AddedNoise {
  changes: NoiseChange[];
  logLines: NoiseLine[];
  /** The innocent deploy: which service and how many minutes before the fault it happened. */
  innocentDeploy?: { service: string; minutesBeforeFault: number };
}

const OTHER_ERRORS = [
  (pkg: string) =>
    `ERROR [scheduler-1] ${pkg}.jobs.NightlyExport - Export job failed: S3 PutObject returned 503 SlowDown; retrying in 300s`,
  (pkg: string) =>
    `ERROR [mail-sender-2] ${pkg}.notify.MailClient - SMTP relay answered 421 4.7.0 Try again later; message queued`,
  (pkg: string) =>
    `ERROR [kafka-consumer-3] ${pkg}.events.AuditConsumer - Commit of offsets failed for partition audit-7: rebalance in progress`,
  (pkg: string) =>
    `ERROR [http-nio-8080-exec-9] ${pkg}.web.ImageController - Thumbnail generation failed: unsupported image format 'image/heic'`,
];

function pkgOf(service: string): string {
  return `c.e.${service.replace(/-/g, "")}`;
}

/** The id a deployment of this resource names (compute only). */
function resourceIdOf(resource: Scenario["environment"]["resources"][number]): { resourceId?: string } {
  if (resource.type === "autoscaling-group") return { resourceId: resource.name };
  if (resource.type === "ecs-service")
    return { resourceId: `${resource.cluster}/${resource.serviceName ?? resource.service}` };
  if (resource.type === "lambda-function")
    return { resourceId: `${resource.functionName}:${resource.alias}` };
  return {};
}

/** Minute the (first) fault starts. */
export function faultStart(scenario: Scenario): number {
  const first = scenario.faults[0];
  return first?.startMinute ?? scenario.timeline.faultStartMinute;
}

/** The noise for one variant, on the (already renamed) scenario. */
export function extraNoise(scenario: Scenario, rand: () => number): AddedNoise {
  const internal = scenario.environment.services.filter((s) => !s.external).map((s) => s.name);
  if (internal.length === 0) return { changes: [], logLines: [] };
  const alarmed = scenario.triggers[0]?.service ?? (internal[0] as string);
  const start = Math.max(0, faultStart(scenario));
  const changes: NoiseChange[] = [];
  const logLines: NoiseLine[] = [];

  // An innocent deploy: half the time on the alarmed service itself, 8 to 90 minutes before the fault.
  const deployed = rand() < 0.5 ? alarmed : pickOne(rand, internal);
  const distance = intIn(rand, 8, 90);
  const resource = scenario.environment.resources.find((r) => r.service === deployed);
  const build = `${2024 + intIn(rand, 0, 1)}.${String(intIn(rand, 1, 12)).padStart(2, "0")}.${intIn(rand, 1, 28)}-${intIn(rand, 1, 9)}`;
  changes.push({
    minute: start - distance,
    service: deployed,
    kind: "deployment",
    summary: `Deployment of ${deployed} build ${build} (commit ${Math.floor(rand() * 0xfffffff)
      .toString(16)
      .padStart(7, "0")}) completed`,
    author: pickOne(rand, ["ci-pipeline", "argo-rollouts", "github-actions", "spinnaker"]),
    ...(resource ? resourceIdOf(resource) : {}),
  });

  // Another service's unrelated errors, around the fault.
  const others = internal.filter((s) => s !== alarmed);
  if (others.length > 0) {
    const who = pickOne(rand, others);
    const say = pickOne(rand, OTHER_ERRORS);
    logLines.push({
      minute: start + intIn(rand, -10, 6),
      service: who,
      level: "ERROR",
      message: say(pkgOf(who)),
      everyMinutes: intIn(rand, 2, 5),
      times: intIn(rand, 2, 4),
    });
  }

  // Requests that failed once and succeeded on retry, on the alarmed service.
  const deps = scenario.environment.services.find((s) => s.name === alarmed)?.dependencies ?? [];
  const target = deps.length > 0 ? pickOne(rand, deps) : "downstream";
  logLines.push({
    minute: start - intIn(rand, 2, 20),
    service: alarmed,
    level: "INFO",
    message: `INFO [http-nio-8080-exec-${intIn(rand, 1, 48)}] ${pkgOf(alarmed)}.client.RetryingHttpClient - GET http://${target}/internal/v1/status succeeded on attempt 2 (attempt 1: connection reset)`,
    everyMinutes: intIn(rand, 3, 7),
    times: intIn(rand, 2, 5),
  });
  return { changes, logLines, innocentDeploy: { service: deployed, minutesBeforeFault: distance } };
}

/** The CPU metric of a resource, when it has one the simulated account publishes. */
function cpuMetric(resource: Scenario["environment"]["resources"][number]): Trigger["metric"] | undefined {
  if (resource.type === "autoscaling-group")
    return {
      namespace: "AWS/EC2",
      name: "CPUUtilization",
      dimensions: { AutoScalingGroupName: resource.name },
    };
  if (resource.type === "ecs-service")
    return {
      namespace: "AWS/ECS",
      name: "CPUUtilization",
      dimensions: { ClusterName: resource.cluster, ServiceName: resource.serviceName ?? resource.service },
    };
  if (resource.type === "rds-instance")
    return {
      namespace: "AWS/RDS",
      name: "CPUUtilization",
      dimensions: { DBInstanceIdentifier: resource.id },
    };
  return undefined;
}

/**
 * An unrelated alarm that has been in ALARM since long before the fault (a right-sizing review alarm on
 * another service), so the account's alarm list is not just the incident's own. Undefined when no other
 * service has a resource with a CPU metric.
 */
export function unrelatedAlarm(scenario: Scenario, rand: () => number): Trigger | undefined {
  const alarmed = scenario.triggers[0]?.service;
  const candidates = scenario.environment.resources.filter(
    (r) => r.service !== alarmed && cpuMetric(r) !== undefined,
  );
  if (candidates.length === 0) return undefined;
  const resource = pickOne(rand, candidates);
  return {
    name: `${resource.service}-rightsizing-review`,
    description:
      "FinOps: average CPU below 98% of provisioned capacity; right-sizing candidate, reviewed weekly.",
    service: resource.service,
    metric: cpuMetric(resource) as Trigger["metric"],
    stat: "Average",
    periodSeconds: 300,
    threshold: 98,
    comparison: "LessThanThreshold",
    evaluationPeriods: 1,
  };
}
