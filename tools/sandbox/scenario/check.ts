/**
 * Cross-reference checks a schema cannot express: names that must exist, fault kinds and their params,
 * alarm dimensions that must match a resource. Each issue says what to do. (The eval suite adds its own
 * checks of the ground truth in `evals/scenario/check.ts`.)
 */
import type { z } from "zod";
import type { FaultTargetType } from "../faults/index.js";
import { faultKind, knownFaultKinds } from "../faults/index.js";
import type { ResourceSpec, Scenario } from "./schema.js";

export interface ScenarioIssue {
  path: (string | number)[];
  message: string;
}

/** The ids a declared resource answers to (an Auto Scaling group also declares its listed instances). */
export function resourceIds(r: ResourceSpec): string[] {
  switch (r.type) {
    case "ec2-instance":
    case "rds-instance":
    case "elasticache-cluster":
    case "security-group":
      return [r.id];
    case "autoscaling-group":
      return [r.name, ...r.instances];
    case "ecs-service":
      return [`${r.cluster}/${r.serviceName ?? r.service}`];
    case "lambda-function":
      return [`${r.functionName}:${r.alias}`];
    default:
      return [r.name];
  }
}

/** Resource ids a scenario declares, by what a fault may target. */
export function declaredTargets(scenario: Scenario): Record<FaultTargetType, string[]> {
  const out: Record<FaultTargetType, string[]> = {
    "ec2-instance": [],
    "autoscaling-group": [],
    "ecs-service": [],
    "lambda-function": [],
    "external-service": scenario.environment.services.filter((s) => s.external).map((s) => s.name),
    "rds-instance": [],
    "sqs-queue": [],
    "dynamodb-table": [],
    "load-balancer": [],
    "elasticache-cluster": [],
  };
  for (const r of scenario.environment.resources) {
    const [first = "", ...rest] = resourceIds(r);
    if (r.type === "autoscaling-group") {
      out["autoscaling-group"].push(first);
      out["ec2-instance"].push(...rest);
    } else if (r.type in out) out[r.type as FaultTargetType].push(first);
  }
  return out;
}

/** A parameter matcher (`{ min, max }` or `{ oneOf }`) rather than an exact value. */
export function isMatcher(value: unknown): value is { min?: number; max?: number; oneOf?: unknown[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === "min" || k === "max" || k === "oneOf");
}

export function listed(values: readonly string[]): string {
  return values.length === 0 ? "(none declared)" : values.join(", ");
}

function zodIssues(base: (string | number)[], error: z.ZodError): ScenarioIssue[] {
  return error.issues.map((i) => ({
    path: [...base, ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
    message: i.message,
  }));
}

/** Every cross-reference problem of a structurally valid scenario. */
export function checkScenario(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const { services, resources } = scenario.environment;
  const serviceNames = services.map((s) => s.name);
  const internal = services.filter((s) => !s.external).map((s) => s.name);
  const targets = declaredTargets(scenario);
  const allIds = [...new Set([...Object.values(targets).flat(), ...resources.flatMap(resourceIds)])];

  services.forEach((s, i) => {
    if (serviceNames.indexOf(s.name) !== i)
      add(
        ["environment", "services", i, "name"],
        `service '${s.name}' is declared twice; rename or remove one`,
      );
    s.dependencies.forEach((d, j) => {
      if (!serviceNames.includes(d) || d === s.name) {
        add(
          ["environment", "services", i, "dependencies", j],
          `unknown dependency '${d}'; declare it under environment.services (known: ${listed(serviceNames)})`,
        );
      }
    });
  });

  const seenIds = new Set<string>();
  resources.forEach((r, i) => {
    const path = ["environment", "resources", i];
    if (!internal.includes(r.service)) {
      add(
        [...path, "service"],
        `'${r.service}' is not one of our (non-external) services; use one of ${listed(internal)}`,
      );
    }
    for (const id of resourceIds(r)) {
      if (seenIds.has(id)) add(path, `resource id '${id}' is declared twice; ids must be unique`);
      seenIds.add(id);
    }
    if (r.type === "autoscaling-group") {
      if (!(r.minSize <= r.desiredCapacity && r.desiredCapacity <= r.maxSize)) {
        add(
          [...path, "desiredCapacity"],
          `must be between minSize (${r.minSize}) and maxSize (${r.maxSize})`,
        );
      }
      if (r.instances.length > r.desiredCapacity) {
        add(
          [...path, "instances"],
          `lists ${r.instances.length} instances but desiredCapacity is ${r.desiredCapacity}; list at most that many`,
        );
      }
    }
    if (r.type === "ecs-service") {
      const family = r.taskDefinition.split(":")[0];
      r.previousTaskDefinitions.forEach((t, j) => {
        if (t.split(":")[0] !== family)
          add([...path, "previousTaskDefinitions", j], `'${t}' is not a revision of family '${family}'`);
      });
    }
  });

  const start = Date.parse(scenario.timeline.start);
  if (start % 60_000 !== 0)
    add(
      ["timeline", "start"],
      "must fall on a whole minute (seconds and milliseconds zero), e.g. 2024-05-14T09:00:00Z",
    );

  scenario.faults.forEach((f, i) => {
    const path = ["faults", i];
    const kind = faultKind(f.kind);
    if (!kind) {
      add(
        [...path, "kind"],
        `unknown fault kind '${f.kind}'; known kinds: ${knownFaultKinds().join(", ")} (or add a module under tools/sandbox/faults/)`,
      );
      return;
    }
    const candidates = targets[kind.targetType];
    if (!candidates.includes(f.target)) {
      add(
        [...path, "target"],
        `'${f.target}' is not a declared ${kind.targetType}; '${f.kind}' targets one of: ${listed(candidates)}`,
      );
    }
    if (f.startMinute !== undefined && f.startMinute < -scenario.timeline.historyMinutes) {
      add(
        [...path, "startMinute"],
        `${f.startMinute} is before the generated history (-${scenario.timeline.historyMinutes}); raise it or timeline.historyMinutes`,
      );
    }
    const params = kind.params.safeParse(f.params);
    if (!params.success) issues.push(...zodIssues([...path, "params"], params.error));
  });

  scenario.noise.changes.forEach((c, i) => {
    if (!serviceNames.includes(c.service))
      add(
        ["noise", "changes", i, "service"],
        `unknown service '${c.service}'; use one of ${listed(serviceNames)}`,
      );
    if (c.resourceId && !allIds.includes(c.resourceId))
      add(
        ["noise", "changes", i, "resourceId"],
        `unknown resource '${c.resourceId}'; use one of ${listed(allIds)}`,
      );
  });
  scenario.noise.logLines.forEach((l, i) => {
    if (!internal.includes(l.service))
      add(["noise", "logLines", i, "service"], `'${l.service}' has no logs; use one of ${listed(internal)}`);
  });

  checkTriggers(scenario, targets, add);
  return issues;
}

function checkTriggers(
  scenario: Scenario,
  targets: Record<FaultTargetType, string[]>,
  add: (path: (string | number)[], message: string) => void,
): void {
  const names = scenario.triggers.map((t) => t.name);
  const resources = scenario.environment.resources;
  const known: Record<string, string[]> = {
    InstanceId: targets["ec2-instance"],
    AutoScalingGroupName: targets["autoscaling-group"],
    TargetGroup: resources.flatMap((r) => ("targetGroup" in r && r.targetGroup ? [r.targetGroup] : [])),
    FunctionName: resources.flatMap((r) => (r.type === "lambda-function" ? [r.functionName] : [])),
    Resource: targets["lambda-function"],
    ClusterName: resources.flatMap((r) => (r.type === "ecs-service" ? [r.cluster] : [])),
    ServiceName: resources.flatMap((r) => (r.type === "ecs-service" ? [r.serviceName ?? r.service] : [])),
    DBInstanceIdentifier: targets["rds-instance"],
    // A dead-letter queue's depth is published under its own name (the metric model emits it).
    QueueName: [
      ...targets["sqs-queue"],
      ...resources.flatMap((r) => (r.type === "sqs-queue" && r.deadLetterQueue ? [r.deadLetterQueue] : [])),
    ],
    TableName: targets["dynamodb-table"],
    LoadBalancer: targets["load-balancer"],
    CacheClusterId: targets["elasticache-cluster"],
  };
  scenario.triggers.forEach((t, i) => {
    const path = ["triggers", i];
    if (names.indexOf(t.name) !== i)
      add([...path, "name"], `alarm '${t.name}' is declared twice; alarm names are unique`);
    if (t.datapointsToAlarm !== undefined && t.datapointsToAlarm > t.evaluationPeriods) {
      add([...path, "datapointsToAlarm"], `must not exceed evaluationPeriods (${t.evaluationPeriods})`);
    }
    if (t.service && !scenario.environment.services.some((s) => s.name === t.service)) {
      add([...path, "service"], `unknown service '${t.service}'`);
    }
    for (const [key, value] of Object.entries(t.metric.dimensions)) {
      const options = known[key];
      if (options && !options.includes(value)) {
        add(
          [...path, "metric", "dimensions", key],
          `'${value}' matches no declared resource, so the alarm could never fire; use one of ${listed(options)}`,
        );
      }
    }
  });
}
