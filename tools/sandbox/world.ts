/**
 * The mutable state of the simulated account: services, resources, what faults are doing to them this
 * minute, and the stores of everything observable (metrics, logs, changes).
 */
import type { ChangeEvent, LogEvent, LogLevel } from "../domain/index.js";
import type { DataResources, EffectRegisters } from "./data-resources.js";
import { addDataResource, emptyDataResources } from "./data-resources.js";
import { MetricStore } from "./metric-store.js";
import { hex, instanceIdFrom, streamFor } from "./random.js";
import type { Scenario } from "./scenario/schema.js";
import type { SecurityResources } from "./security.js";
import { addSecurityResource, emptySecurityResources } from "./security.js";

export const MINUTE_MS = 60_000;

export interface ServiceState {
  name: string;
  external: boolean;
  host?: string;
  dependencies: string[];
  logGroup: string;
  traffic: { requestsPerMinute: number; latencyMs: number; errorRate: number };
  /** Tags every resource of the service carries (environment, owning team, objectives). */
  tags: Record<string, string>;
}

export type InstanceStatus = "pending" | "running" | "stopping" | "stopped" | "terminated";

export interface InstanceState {
  id: string;
  service: string;
  /** Auto Scaling group name, when the instance belongs to one. */
  group?: string;
  instanceType: string;
  diskSizeGb: number;
  availabilityZone: string;
  status: InstanceStatus;
  /** When a pending instance becomes running (ms). */
  readyAtMs?: number;
  launchTime: string;
  targetGroup?: string;
  baseline: { cpuPercent: number; memPercent: number; diskPercent: number };
  /** Extra memory in use (percentage points) that only a stop/start frees. */
  leakedMemPercent: number;
  /** Disk taken by rotated logs (percentage points) that the cleanup script frees. */
  rotatedLogsPercent: number;
  /** Disk taken by application data growth (percentage points); no action of ours frees it. */
  dataPercent: number;
  /** Disk taken by logs outside /var/log/app (percentage points): the cleanup script never touches them. */
  otherLogsPercent: number;
  /** The host under the instance is impaired (system status check failing) until a stop/start. */
  systemCheckFailed: boolean;
  /** The application is hung (unresponsive) until a restart. */
  hung: boolean;
  restarts: number;
  logCleanups: number;
}

export interface AsgState {
  name: string;
  service: string;
  minSize: number;
  maxSize: number;
  /** The `air:max-size-ceiling` tag, when the platform team set one. */
  maxSizeCeiling?: number;
  desiredCapacity: number;
  instanceType: string;
  diskSizeGb: number;
  /** Instances of the group, oldest first (terminated ones are removed). */
  instanceIds: string[];
  /** Total CPU work at normal traffic, in instance-percent (baseline CPU × declared capacity). */
  baselineLoad: number;
  baseline: { cpuPercent: number; memPercent: number; diskPercent: number };
  targetGroup?: string;
}

export interface EcsState {
  id: string;
  cluster: string;
  serviceName: string;
  service: string;
  taskDefinition: string;
  previousTaskDefinitions: string[];
  desiredCount: number;
  runningCount: number;
  taskIds: string[];
  targetGroup: string;
  baseline: { cpuPercent: number; memPercent: number };
  /** Tasks the baseline CPU was measured with: CPU per task scales with baselineTasks / runningCount. */
  baselineTasks: number;
  /** Application Auto Scaling bounds of the task count, when the service has a scalable target. */
  minCount?: number;
  maxCount?: number;
  /** Task size (vCPU, GB) of the task definition, when described. */
  taskCpu?: number;
  taskMemoryGb?: number;
  /** State of the latest deployment, as DescribeServices reports it. */
  rolloutState: "COMPLETED" | "IN_PROGRESS" | "FAILED";
  /** Tasks of the latest deployment that failed to start. */
  failedTasks: number;
  /** The newest service event message. */
  lastEvent?: string;
}

export interface LambdaState {
  id: string;
  functionName: string;
  alias: string;
  service: string;
  aliasVersion: string;
  previousVersions: string[];
  invocationsPerMinute: number;
  errorRate: number;
  durationMs: number;
  reservedConcurrency?: number;
}

/** What active faults do to a service during the current minute (reset every minute). */
export interface ServiceEffects {
  errorRate: number;
  latencyMs: number;
  trafficFactor: number;
}

export interface World extends DataResources, SecurityResources {
  seed: number;
  account: string;
  region: string;
  /** Wall-clock ms of minute 0. */
  startMs: number;
  services: Map<string, ServiceState>;
  instances: Map<string, InstanceState>;
  asgs: Map<string, AsgState>;
  ecs: Map<string, EcsState>;
  lambdas: Map<string, LambdaState>;
  effects: {
    services: Map<string, ServiceEffects>;
    instanceCpu: Map<string, number>;
    /** Named per-resource registers (see data-resources.ts), keyed by resource id. */
    resources: EffectRegisters;
  };
  metrics: MetricStore;
  logs: LogEvent[];
  changes: ChangeEvent[];
  /** Counter for generated ids (new instances, tasks, changes). */
  serial: number;
  /** Optional presentation hook for application log lines (see SandboxOptions.renderLog). */
  renderLog?: (line: LogEvent) => LogEvent;
  /** Scale of every metric's seeded noise (see SandboxOptions.metricNoise). */
  metricNoise?: number;
}

/**
 * How the simulated account presents itself, without changing what happens in it. `renderLog` rewrites each
 * application log line as it is written (a different log dialect or wording of the same event): it must keep
 * the line's meaning, and it never sees metrics, alarms or changes. The eval's variant generator uses it.
 */
export interface SandboxOptions {
  renderLog?: (line: LogEvent) => LogEvent;
  /**
   * Scale of the seeded per-minute noise on every metric (default 1). Louder noise changes no fault's
   * effect; whether the same alarm still tells the same story is the caller's to check.
   */
  metricNoise?: number;
}

/** Milliseconds of the start of minute `minute`. */
export function minuteMs(world: World, minute: number): number {
  return world.startMs + minute * MINUTE_MS;
}

export function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

/** A fresh id stream that never repeats within a world. */
export function nextRand(world: World, purpose: string): () => number {
  world.serial += 1;
  return streamFor(world.seed, purpose, world.serial);
}

export function newTaskIds(world: World, count: number): string[] {
  const rand = nextRand(world, "tasks");
  return Array.from({ length: count }, () => hex(rand, 32));
}

/** Launches a new instance into a group, pending until `readyAtMs`. */
export function launchInstance(world: World, asg: AsgState, nowMs: number, readyAtMs: number): InstanceState {
  const id = instanceIdFrom(nextRand(world, "instance"));
  const zones = ["a", "b", "c"];
  const instance: InstanceState = {
    id,
    service: asg.service,
    group: asg.name,
    instanceType: asg.instanceType,
    diskSizeGb: asg.diskSizeGb,
    availabilityZone: `${world.region}${zones[asg.instanceIds.length % 3]}`,
    status: readyAtMs <= nowMs ? "running" : "pending",
    readyAtMs,
    launchTime: isoAt(nowMs),
    baseline: { ...asg.baseline },
    leakedMemPercent: 0,
    rotatedLogsPercent: 0,
    dataPercent: 0,
    otherLogsPercent: 0,
    systemCheckFailed: false,
    hung: false,
    restarts: 0,
    logCleanups: 0,
    ...(asg.targetGroup ? { targetGroup: asg.targetGroup } : {}),
  };
  world.instances.set(id, instance);
  asg.instanceIds.push(id);
  return instance;
}

/** Effects of the current minute on a service, created on first use. */
export function serviceEffects(world: World, service: string): ServiceEffects {
  let effects = world.effects.services.get(service);
  if (!effects) {
    effects = { errorRate: 0, latencyMs: 0, trafficFactor: 1 };
    world.effects.services.set(service, effects);
  }
  return effects;
}

export function recordChange(world: World, change: Omit<ChangeEvent, "id">): ChangeEvent {
  world.serial += 1;
  const event: ChangeEvent = {
    id: `chg-${hex(streamFor(world.seed, "change", world.serial), 12)}`,
    ...change,
  };
  world.changes.push(event);
  world.changes.sort((a, b) => a.time.localeCompare(b.time));
  return event;
}

export function appendLog(
  world: World,
  line: { ms: number; service: string; level: LogLevel; message: string; stream?: string },
): void {
  const service = world.services.get(line.service);
  const event: LogEvent = {
    time: isoAt(line.ms),
    logGroup: service?.logGroup ?? `/aws/ec2/${line.service}`,
    stream: line.stream ?? "",
    level: line.level,
    message: line.message,
  };
  world.logs.push(world.renderLog ? world.renderLog(event) : event);
}

function defaultLogGroup(scenario: Scenario, service: string): string {
  const compute = scenario.environment.resources.find((r) => r.service === service);
  if (compute?.type === "ecs-service") return `/ecs/${compute.serviceName ?? compute.service}`;
  if (compute?.type === "lambda-function") return `/aws/lambda/${compute.functionName}`;
  return `/aws/ec2/${service}`;
}

/** Builds the world at the beginning of its history (before any minute has been simulated). */
export function buildWorld(scenario: Scenario, options: SandboxOptions = {}): World {
  const { environment, metadata } = scenario;
  const seed = metadata.seed;
  const world: World = {
    seed,
    account: environment.account,
    region: environment.region,
    startMs: Date.parse(scenario.timeline.start),
    services: new Map(),
    instances: new Map(),
    asgs: new Map(),
    ecs: new Map(),
    lambdas: new Map(),
    effects: { services: new Map(), instanceCpu: new Map(), resources: new Map() },
    ...emptyDataResources(),
    ...emptySecurityResources(),
    metrics: new MetricStore(),
    logs: [],
    changes: [],
    serial: 0,
    ...(options.renderLog ? { renderLog: options.renderLog } : {}),
    ...(options.metricNoise !== undefined ? { metricNoise: options.metricNoise } : {}),
  };
  for (const s of environment.services) {
    world.services.set(s.name, {
      name: s.name,
      external: s.external,
      ...(s.host ? { host: s.host } : {}),
      dependencies: [...s.dependencies],
      logGroup: s.logGroup ?? defaultLogGroup(scenario, s.name),
      traffic: { ...s.traffic },
      tags: { ...s.tags },
    });
  }
  const bootMs = world.startMs - (scenario.timeline.historyMinutes + 60 * 24 * 3) * MINUTE_MS;
  const tgFor = (svc: string, given?: string) =>
    given ?? `targetgroup/${svc}-tg/${hex(streamFor(seed, "tg", svc), 16)}`;
  for (const r of environment.resources) {
    if (r.type === "autoscaling-group") {
      const asg: AsgState = {
        name: r.name,
        service: r.service,
        minSize: r.minSize,
        maxSize: r.maxSize,
        ...(r.maxSizeCeiling ? { maxSizeCeiling: r.maxSizeCeiling } : {}),
        desiredCapacity: r.desiredCapacity,
        instanceType: r.instanceType,
        diskSizeGb: r.diskSizeGb,
        instanceIds: [],
        baselineLoad: r.baseline.cpuPercent * Math.max(1, r.desiredCapacity),
        baseline: { ...r.baseline },
        ...(r.targetGroup ? { targetGroup: r.targetGroup } : {}),
      };
      world.asgs.set(asg.name, asg);
      for (let i = 0; i < r.desiredCapacity; i++) {
        const instance = launchInstance(world, asg, bootMs, bootMs);
        const declared = r.instances[i];
        if (declared) {
          world.instances.delete(instance.id);
          instance.id = declared;
          world.instances.set(declared, instance);
          asg.instanceIds[i] = declared;
        }
      }
    } else if (r.type === "ec2-instance") {
      world.instances.set(r.id, {
        id: r.id,
        service: r.service,
        instanceType: r.instanceType,
        diskSizeGb: r.diskSizeGb,
        availabilityZone: `${world.region}a`,
        status: "running",
        launchTime: isoAt(bootMs),
        baseline: { ...r.baseline },
        leakedMemPercent: 0,
        rotatedLogsPercent: 0,
        dataPercent: 0,
        otherLogsPercent: 0,
        systemCheckFailed: false,
        hung: false,
        restarts: 0,
        logCleanups: 0,
        ...(r.targetGroup ? { targetGroup: r.targetGroup } : {}),
      });
    } else if (r.type === "ecs-service") {
      const serviceName = r.serviceName ?? r.service;
      const id = `${r.cluster}/${serviceName}`;
      world.ecs.set(id, {
        id,
        cluster: r.cluster,
        serviceName,
        service: r.service,
        taskDefinition: r.taskDefinition,
        previousTaskDefinitions: [...r.previousTaskDefinitions],
        desiredCount: r.desiredCount,
        runningCount: r.desiredCount,
        taskIds: newTaskIds(world, r.desiredCount),
        targetGroup: tgFor(r.service, r.targetGroup),
        baseline: { ...r.baseline },
        baselineTasks: r.desiredCount,
        ...(r.minCount !== undefined ? { minCount: r.minCount } : {}),
        ...(r.maxCount !== undefined ? { maxCount: r.maxCount } : {}),
        ...(r.taskCpu !== undefined ? { taskCpu: r.taskCpu } : {}),
        ...(r.taskMemoryGb !== undefined ? { taskMemoryGb: r.taskMemoryGb } : {}),
        rolloutState: "COMPLETED",
        failedTasks: 0,
      });
    } else if (r.type === "lambda-function") {
      const id = `${r.functionName}:${r.alias}`;
      world.lambdas.set(id, {
        id,
        functionName: r.functionName,
        alias: r.alias,
        service: r.service,
        aliasVersion: r.aliasVersion,
        previousVersions: [...r.previousVersions],
        invocationsPerMinute: r.invocationsPerMinute,
        errorRate: r.errorRate,
        durationMs: r.durationMs,
        ...(r.reservedConcurrency !== undefined ? { reservedConcurrency: r.reservedConcurrency } : {}),
      });
    } else if (!addSecurityResource(world, r, world.account)) {
      addDataResource(world, r, world.region);
    }
  }
  return world;
}

/** Running (in-service) instances of a group; a contained instance is in standby, out of service. */
export function inService(world: World, asg: AsgState): InstanceState[] {
  return asg.instanceIds
    .map((id) => world.instances.get(id))
    .filter((i): i is InstanceState => i?.status === "running" && !world.contained.has(i.id));
}

/** Memory and disk in use on an instance right now, before noise. */
export function instanceUsage(instance: InstanceState): { mem: number; disk: number } {
  return {
    mem: Math.min(99.5, instance.baseline.memPercent + instance.leakedMemPercent),
    disk: Math.min(
      100,
      instance.baseline.diskPercent +
        instance.rotatedLogsPercent +
        instance.dataPercent +
        instance.otherLogsPercent,
    ),
  };
}

/** An instance that cannot serve requests properly (fails its load balancer health check). */
export function instanceUnhealthy(instance: InstanceState): boolean {
  const { mem, disk } = instanceUsage(instance);
  return instance.hung || instance.systemCheckFailed || mem >= 97 || disk >= 99.5;
}
