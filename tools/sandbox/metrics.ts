/**
 * The metric model: every minute, each resource's CloudWatch metrics from its baseline, the world's state
 * (capacity, leaked memory, rotated logs...) and what active faults do this minute, plus seeded noise.
 */
import { effectOf } from "./data-resources.js";
import type { MetricId } from "./metric-store.js";
import { sampleDataResources } from "./metrics-data.js";
import { clamp, noise } from "./noise.js";
import { poisson, streamFor } from "./random.js";
import type { InstanceState, LambdaState, ServiceEffects, World } from "./world.js";
import { inService, instanceUnhealthy, instanceUsage, minuteMs, serviceEffects } from "./world.js";

interface Backend {
  service: string;
  targetGroup: string;
  /** Average CPU of whatever serves the target group this minute. */
  cpu: number;
  healthy: number;
  total: number;
}

/** Samples every metric of the world for the minute starting at `minute`. */
export function sampleMinute(world: World, minute: number): void {
  const at = minuteMs(world, minute);
  const put = (id: MetricId, value: number) => world.metrics.put(id, at, value);
  const effectsOf = (service: string): ServiceEffects => serviceEffects(world, service);
  const backends: Backend[] = [];

  const sampleInstance = (instance: InstanceState, cpu: number, requests = 0) => {
    const { mem, disk } = instanceUsage(instance);
    const id = instance.id;
    put({ namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: { InstanceId: id } }, cpu);
    put(
      { namespace: "AWS/EC2", metric: "NetworkOut", dimensions: { InstanceId: id } },
      instanceNetworkOut(world, instance, requests, minute),
    );
    put(
      { namespace: "CWAgent", metric: "mem_used_percent", dimensions: { InstanceId: id } },
      clamp(mem + 1.2 * noise(world, `mem:${id}`, minute), 1, 99.9),
    );
    put(
      { namespace: "CWAgent", metric: "disk_used_percent", dimensions: { InstanceId: id, path: "/" } },
      clamp(disk + 0.15 * noise(world, `disk:${id}`, minute), 1, 100),
    );
    const system = instance.systemCheckFailed ? 1 : 0;
    put({ namespace: "AWS/EC2", metric: "StatusCheckFailed", dimensions: { InstanceId: id } }, system);
    put({ namespace: "AWS/EC2", metric: "StatusCheckFailed_System", dimensions: { InstanceId: id } }, system);
    put({ namespace: "AWS/EC2", metric: "StatusCheckFailed_Instance", dimensions: { InstanceId: id } }, 0);
  };

  for (const asg of world.asgs.values()) {
    const running = inService(world, asg);
    const dims = { AutoScalingGroupName: asg.name };
    put(
      { namespace: "AWS/AutoScaling", metric: "GroupDesiredCapacity", dimensions: dims },
      asg.desiredCapacity,
    );
    put(
      { namespace: "AWS/AutoScaling", metric: "GroupInServiceInstances", dimensions: dims },
      running.length,
    );
    if (running.length === 0) continue;
    const load = asg.baselineLoad * effectsOf(asg.service).trafficFactor;
    const requests = requestsOf(world, asg.service) / running.length;
    let sum = 0;
    for (const instance of running) {
      const extra = world.effects.instanceCpu.get(instance.id) ?? 0;
      const cpu = clamp(
        load / running.length + extra + 3 * noise(world, `cpu:${instance.id}`, minute),
        0.5,
        100,
      );
      sum += cpu;
      sampleInstance(instance, cpu, requests);
    }
    const average = sum / running.length;
    put({ namespace: "AWS/EC2", metric: "CPUUtilization", dimensions: dims }, average);
    if (asg.targetGroup) {
      const healthy = running.filter((i) => !instanceUnhealthy(i)).length;
      backends.push({
        service: asg.service,
        targetGroup: asg.targetGroup,
        cpu: average,
        healthy,
        total: running.length,
      });
    }
  }

  // A contained instance keeps its hypervisor metrics; it serves nothing and sends nothing.
  for (const id of world.contained.keys()) {
    const instance = world.instances.get(id);
    if (instance?.status !== "running") continue;
    const extra = world.effects.instanceCpu.get(id) ?? 0;
    sampleInstance(instance, clamp(2 + extra + noise(world, `cpu:${id}`, minute), 0.5, 100));
  }

  for (const instance of world.instances.values()) {
    if (instance.group || instance.status !== "running" || world.contained.has(instance.id)) continue;
    const tf = effectsOf(instance.service).trafficFactor;
    const extra = world.effects.instanceCpu.get(instance.id) ?? 0;
    const cpu = clamp(
      instance.baseline.cpuPercent * tf + extra + 3 * noise(world, `cpu:${instance.id}`, minute),
      0.5,
      100,
    );
    sampleInstance(instance, cpu, requestsOf(world, instance.service));
    if (instance.targetGroup) {
      const healthy = instanceUnhealthy(instance) ? 0 : 1;
      backends.push({ service: instance.service, targetGroup: instance.targetGroup, cpu, healthy, total: 1 });
    }
  }

  for (const ecs of world.ecs.values()) {
    const tf = effectsOf(ecs.service).trafficFactor;
    const dims = { ClusterName: ecs.cluster, ServiceName: ecs.serviceName };
    // The service's load is shared by its running tasks: fewer tasks run hotter, more run cooler.
    const crowding = ecs.baselineTasks / Math.max(1, ecs.runningCount);
    const cpu = clamp(
      ecs.baseline.cpuPercent * tf * crowding + 2 * noise(world, `ecscpu:${ecs.id}`, minute),
      0.5,
      100,
    );
    put(
      { namespace: "ECS/ContainerInsights", metric: "RunningTaskCount", dimensions: dims },
      ecs.runningCount,
    );
    put(
      { namespace: "ECS/ContainerInsights", metric: "DesiredTaskCount", dimensions: dims },
      ecs.desiredCount,
    );
    put({ namespace: "AWS/ECS", metric: "CPUUtilization", dimensions: dims }, cpu);
    put(
      { namespace: "AWS/ECS", metric: "MemoryUtilization", dimensions: dims },
      clamp(
        ecs.baseline.memPercent +
          effectOf(world.effects.resources, ecs.id, "memPercent") +
          noise(world, `ecsmem:${ecs.id}`, minute),
        1,
        100,
      ),
    );
    backends.push({
      service: ecs.service,
      targetGroup: ecs.targetGroup,
      cpu,
      healthy: ecs.runningCount,
      total: ecs.runningCount,
    });
  }

  for (const backend of backends) sampleTargetGroup(world, minute, backend, effectsOf(backend.service), put);

  for (const fn of world.lambdas.values()) sampleLambda(world, minute, fn, effectsOf(fn.service), put);
  sampleDataResources(world, minute, put);
}

/** Requests per minute a service serves now (before noise). */
function requestsOf(world: World, service: string): number {
  const s = world.services.get(service);
  return (s?.traffic.requestsPerMinute ?? 0) * serviceEffects(world, service).trafficFactor;
}

/** Bytes an instance sends in a minute: responses (about 24 KB each) plus what faults add; none when contained. */
function instanceNetworkOut(world: World, instance: InstanceState, requests: number, minute: number): number {
  if (world.contained.has(instance.id)) return 0;
  const extra = effectOf(world.effects.resources, instance.id, "networkOutBytes");
  return Math.max(
    0,
    Math.round((requests * 24_000 + extra) * (1 + 0.05 * noise(world, `net:${instance.id}`, minute))),
  );
}

function sampleLambda(
  world: World,
  minute: number,
  fn: LambdaState,
  effects: ServiceEffects,
  put: (id: MetricId, value: number) => void,
): void {
  const fx = (key: string, fallback = 0) => effectOf(world.effects.resources, fn.id, key, fallback);
  const demand = Math.round(
    fn.invocationsPerMinute *
      effects.trafficFactor *
      fx("invocationFactor", 1) *
      (1 + 0.05 * noise(world, `inv:${fn.id}`, minute)),
  );
  const duration =
    (fn.durationMs + effects.latencyMs + fx("durationMs")) *
    (1 + 0.06 * noise(world, `dur:${fn.id}`, minute));
  const concurrency = (demand * duration) / 60_000;
  const limit = fn.reservedConcurrency;
  const served =
    limit !== undefined && concurrency > limit
      ? Math.round((demand * limit) / Math.max(concurrency, 1e-9))
      : demand;
  const throttles = demand - served;
  const rate = clamp(fn.errorRate + effects.errorRate + fx("errorRate"), 0, 1);
  const errors = poisson(streamFor(world.seed, "lambda-errors", fn.id, minute), served * rate);
  const dimensionSets: Record<string, string>[] = [
    { FunctionName: fn.functionName, Resource: fn.id },
    { FunctionName: fn.functionName },
  ];
  for (const dims of dimensionSets) {
    put({ namespace: "AWS/Lambda", metric: "Invocations", dimensions: dims }, served);
    put({ namespace: "AWS/Lambda", metric: "Errors", dimensions: dims }, errors);
    put({ namespace: "AWS/Lambda", metric: "Duration", dimensions: dims }, Math.max(1, duration));
    put({ namespace: "AWS/Lambda", metric: "Throttles", dimensions: dims }, throttles);
    put(
      { namespace: "AWS/Lambda", metric: "ConcurrentExecutions", dimensions: dims },
      Math.round(Math.min(concurrency, limit ?? Number.POSITIVE_INFINITY) * 10) / 10,
    );
    put(
      { namespace: "AWS/Lambda", metric: "RecursiveInvocationsDropped", dimensions: dims },
      Math.round(fx("recursiveDropped")),
    );
  }
}

function sampleTargetGroup(
  world: World,
  minute: number,
  backend: Backend,
  effects: ServiceEffects,
  put: (id: MetricId, value: number) => void,
): void {
  const service = world.services.get(backend.service);
  if (!service) return;
  const key = backend.targetGroup;
  const dims = { TargetGroup: backend.targetGroup };
  const requests = Math.max(
    0,
    Math.round(
      service.traffic.requestsPerMinute *
        effects.trafficFactor *
        (1 + 0.04 * noise(world, `req:${key}`, minute)),
    ),
  );
  const overload = backend.cpu > 70 ? 1 + ((backend.cpu - 70) / 30) ** 2 * 3 : 1;
  const overloadErrors = backend.cpu > 85 ? ((backend.cpu - 85) / 100) * 0.5 : 0;
  const sickShare = backend.total === 0 ? 1 : (backend.total - backend.healthy) / backend.total;
  const rate = clamp(service.traffic.errorRate + effects.errorRate + overloadErrors + sickShare * 0.5, 0, 1);
  const errors = poisson(streamFor(world.seed, "5xx", key, minute), requests * rate);
  const latencyMs =
    (service.traffic.latencyMs * overload + effects.latencyMs + sickShare * 2000) *
    (1 + 0.05 * noise(world, `lat:${key}`, minute));
  put({ namespace: "AWS/ApplicationELB", metric: "RequestCount", dimensions: dims }, requests);
  put({ namespace: "AWS/ApplicationELB", metric: "HTTPCode_Target_5XX_Count", dimensions: dims }, errors);
  put(
    { namespace: "AWS/ApplicationELB", metric: "TargetResponseTime", dimensions: dims },
    Math.max(0.001, latencyMs / 1000),
  );
  put({ namespace: "AWS/ApplicationELB", metric: "HealthyHostCount", dimensions: dims }, backend.healthy);
  put(
    { namespace: "AWS/ApplicationELB", metric: "UnHealthyHostCount", dimensions: dims },
    backend.total - backend.healthy,
  );
}
