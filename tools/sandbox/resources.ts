/**
 * Resource descriptions as the responder sees them (ResourcesPort): ids, state, tags and the attributes
 * the action catalogue reads (capacity, task definitions, alias versions, instance group...).
 */
import type { ResourceDescription } from "../domain/index.js";
import { rootVolumeId } from "./actions/index.js";
import { dataResourcesOfService, describeDataResource } from "./resources-data.js";
import { describeSecurityResource, securityResourcesOfService } from "./resources-security.js";
import type { AsgState, EcsState, InstanceState, LambdaState, ServiceState, World } from "./world.js";
import { inService, instanceUnhealthy } from "./world.js";

/** The simulated account's Lambda concurrency quota (the AWS default). */
const ACCOUNT_CONCURRENCY = 1000;

/** Concurrency no function reserves: what a reservation raise can draw on. Each function counts once. */
function unreservedConcurrency(world: World): number {
  const reserved = new Map<string, number>();
  for (const f of world.lambdas.values()) {
    if (f.reservedConcurrency !== undefined) reserved.set(f.functionName, f.reservedConcurrency);
  }
  return ACCOUNT_CONCURRENCY - [...reserved.values()].reduce((a, b) => a + b, 0);
}

function instance(world: World, i: InstanceState): ResourceDescription {
  const tags: Record<string, string> = { Name: `${i.service}-${i.id.slice(-4)}`, Service: i.service };
  if (i.group) tags["aws:autoscaling:groupName"] = i.group;
  const running = i.status === "running";
  return {
    id: i.id,
    type: "ec2-instance",
    service: i.service,
    ...(i.group ? { group: i.group } : {}),
    state: i.status,
    tags,
    attributes: {
      instanceType: i.instanceType,
      diskSizeGb: i.diskSizeGb,
      rootVolumeId: rootVolumeId(i.id),
      availabilityZone: i.availabilityZone,
      launchTime: i.launchTime,
      arn: `arn:aws:ec2:${world.region}:${world.account}:instance/${i.id}`,
      // Under AWSSupport-ContainEC2Instance containment (containment security group, standby).
      ...(world.contained.has(i.id) ? { quarantined: true } : {}),
      ...(i.targetGroup && !i.group ? { targetGroup: i.targetGroup } : {}),
      // DescribeInstanceStatus and the load balancer's health check, as an operator would read them.
      systemStatus: !running ? "not-applicable" : i.systemCheckFailed ? "impaired" : "ok",
      ...(i.targetGroup || i.group
        ? { healthStatus: !running ? "Unused" : instanceUnhealthy(i) ? "Unhealthy" : "Healthy" }
        : {}),
    },
  };
}

function asg(world: World, g: AsgState): ResourceDescription {
  const running = inService(world, g);
  return {
    id: g.name,
    type: "autoscaling-group",
    service: g.service,
    state: running.length > 0 ? "InService" : "Empty",
    tags: {
      Service: g.service,
      ...(g.maxSizeCeiling ? { "air:max-size-ceiling": String(g.maxSizeCeiling) } : {}),
    },
    attributes: {
      minSize: g.minSize,
      maxSize: g.maxSize,
      ...(g.maxSizeCeiling ? { maxSizeCeiling: g.maxSizeCeiling } : {}),
      desiredCapacity: g.desiredCapacity,
      inServiceCount: running.length,
      instances: g.instanceIds.join(","),
      instanceType: g.instanceType,
      ...(g.targetGroup ? { targetGroup: g.targetGroup } : {}),
    },
  };
}

function ecs(world: World, e: EcsState): ResourceDescription {
  return {
    id: e.id,
    type: "ecs-service",
    service: e.service,
    state: "ACTIVE",
    tags: { Service: e.service },
    attributes: {
      cluster: e.cluster,
      service: e.serviceName,
      taskDefinition: e.taskDefinition,
      previousTaskDefinitions: e.previousTaskDefinitions.join(","),
      runningCount: e.runningCount,
      desiredCount: e.desiredCount,
      ...(e.minCount !== undefined ? { minCount: e.minCount } : {}),
      ...(e.maxCount !== undefined ? { maxCount: e.maxCount } : {}),
      ...(e.taskCpu !== undefined ? { taskCpu: e.taskCpu } : {}),
      ...(e.taskMemoryGb !== undefined ? { taskMemoryGb: e.taskMemoryGb } : {}),
      targetGroup: e.targetGroup,
      rolloutState: e.rolloutState,
      failedTasks: e.failedTasks,
      ...(e.lastEvent ? { lastEvent: e.lastEvent } : {}),
      arn: `arn:aws:ecs:${world.region}:${world.account}:service/${e.cluster}/${e.serviceName}`,
    },
  };
}

function lambda(world: World, f: LambdaState): ResourceDescription {
  return {
    id: f.id,
    type: "lambda-function",
    service: f.service,
    state: "Active",
    tags: { Service: f.service },
    attributes: {
      functionName: f.functionName,
      alias: f.alias,
      aliasVersion: f.aliasVersion,
      previousVersions: f.previousVersions.join(","),
      ...(f.reservedConcurrency !== undefined ? { reservedConcurrency: f.reservedConcurrency } : {}),
      accountUnreservedConcurrency: unreservedConcurrency(world),
      arn: `arn:aws:lambda:${world.region}:${world.account}:function:${f.id}`,
    },
  };
}

function external(s: ServiceState): ResourceDescription {
  return {
    id: s.name,
    type: "external-dependency",
    service: s.name,
    state: "unknown",
    tags: {},
    attributes: { external: true, ...(s.host ? { host: s.host } : {}) },
  };
}

/** A service's declared tags (environment, owner, objectives) on each of its resources, under their own. */
function withServiceTags(world: World, r: ResourceDescription): ResourceDescription {
  const tags = world.services.get(r.service)?.tags;
  return tags && Object.keys(tags).length > 0 ? { ...r, tags: { ...tags, ...r.tags } } : r;
}

/** Describes a resource by id or ARN; undefined when nothing has that id. */
export function describeResource(world: World, id: string): ResourceDescription | undefined {
  const r = describeUntagged(world, id);
  return r ? withServiceTags(world, r) : undefined;
}

function describeUntagged(world: World, id: string): ResourceDescription | undefined {
  const security = describeSecurityResource(world, id);
  if (security) return security;
  const arnTail = id.startsWith("arn:aws:") ? id.split(":").slice(5).join(":") : undefined;
  const key = arnTail?.replace(/^(instance|service|function|db|table|loadbalancer)[/:]/, "") ?? id;
  const data = describeDataResource(world, key);
  if (data) return data;
  const i = world.instances.get(key);
  if (i) return instance(world, i);
  const g = world.asgs.get(key);
  if (g) return asg(world, g);
  const e = world.ecs.get(key);
  if (e) return ecs(world, e);
  const f = world.lambdas.get(key) ?? [...world.lambdas.values()].find((l) => l.functionName === key);
  if (f) return lambda(world, f);
  const s = world.services.get(key);
  if (s?.external) return external(s);
  return undefined;
}

/** Every resource of a service (terminated instances excluded). */
export function resourcesOfService(world: World, service: string): ResourceDescription[] {
  const out: ResourceDescription[] = [];
  for (const g of world.asgs.values()) if (g.service === service) out.push(asg(world, g));
  for (const i of world.instances.values()) {
    if (i.service === service && i.status !== "terminated") out.push(instance(world, i));
  }
  for (const e of world.ecs.values()) if (e.service === service) out.push(ecs(world, e));
  for (const f of world.lambdas.values()) if (f.service === service) out.push(lambda(world, f));
  out.push(...dataResourcesOfService(world, service));
  out.push(...securityResourcesOfService(world, service));
  const s = world.services.get(service);
  if (s?.external) out.push(external(s));
  return out.map((r) => withServiceTags(world, r));
}

/** Services a service calls, and whether each is a third party. */
export function dependenciesOf(world: World, service: string): { service: string; external: boolean }[] {
  const s = world.services.get(service);
  if (!s) return [];
  return s.dependencies.map((d) => ({ service: d, external: world.services.get(d)?.external ?? false }));
}
