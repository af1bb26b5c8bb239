/**
 * Descriptions of the data and edge resources (RDS, SQS, DynamoDB, load balancers) as the responder sees
 * them. ElastiCache clusters emit metrics but are not described: the resource model has no type for them.
 */
import type { ResourceDescription } from "../domain/index.js";
import type { DatabaseState, LoadBalancerState, QueueState, TableState } from "./data-resources.js";
import { certificateArn } from "./metrics-data.js";
import { describeAppConfig, describeParameter } from "./parameters.js";
import type { World } from "./world.js";

function database(world: World, d: DatabaseState): ResourceDescription {
  return {
    id: d.id,
    type: "rds-instance",
    service: d.service,
    state: "available",
    tags: { Service: d.service },
    attributes: {
      engine: d.engine,
      instanceClass: d.instanceClass,
      maxConnections: d.maxConnections,
      allocatedStorageGb: d.allocatedStorageGb,
      multiAz: d.multiAz,
      endpoint: d.endpoint,
      arn: `arn:aws:rds:${world.region}:${world.account}:db:${d.id}`,
    },
  };
}

function queue(world: World, q: QueueState): ResourceDescription {
  return {
    id: q.name,
    type: "sqs-queue",
    service: q.service,
    state: "active",
    tags: { Service: q.service },
    attributes: {
      url: `https://sqs.${world.region}.amazonaws.com/${world.account}/${q.name}`,
      arn: `arn:aws:sqs:${world.region}:${world.account}:${q.name}`,
      ...(q.consumer ? { consumer: q.consumer } : {}),
      ...(q.deadLetterQueue
        ? { deadLetterQueue: q.deadLetterQueue, maxReceiveCount: q.maxReceiveCount }
        : { deadLetterQueue: "none" }),
    },
  };
}

function table(world: World, t: TableState): ResourceDescription {
  return {
    id: t.name,
    type: "dynamodb-table",
    service: t.service,
    state: "ACTIVE",
    tags: { Service: t.service },
    attributes: {
      billingMode: t.billingMode === "provisioned" ? "PROVISIONED" : "PAY_PER_REQUEST",
      ...(t.billingMode === "provisioned"
        ? { readCapacityUnits: t.readCapacityUnits, writeCapacityUnits: t.writeCapacityUnits }
        : {}),
      ...(t.autoScalingMax
        ? {
            autoScalingMaxReadCapacityUnits: t.autoScalingMax.readUnits,
            autoScalingMaxWriteCapacityUnits: t.autoScalingMax.writeUnits,
          }
        : {}),
      arn: `arn:aws:dynamodb:${world.region}:${world.account}:table/${t.name}`,
    },
  };
}

function loadBalancer(world: World, lb: LoadBalancerState): ResourceDescription {
  const [, name = lb.name, id = ""] = lb.name.split("/");
  return {
    id: lb.name,
    type: "load-balancer",
    service: lb.service,
    state: "active",
    tags: { Service: lb.service },
    attributes: {
      scheme: lb.scheme,
      dnsName: `${lb.scheme === "internal" ? "internal-" : ""}${name}-${parseInt(id.slice(0, 8), 16)}.${world.region}.elb.amazonaws.com`,
      listenerDomain: lb.domain,
      certificateArn: certificateArn(world, lb.name),
      certificateNotAfter: lb.certificateNotAfter,
      arn: `arn:aws:elasticloadbalancing:${world.region}:${world.account}:loadbalancer/${lb.name}`,
    },
  };
}

/** A data resource by its id or name; undefined when there is none. */
export function describeDataResource(world: World, key: string): ResourceDescription | undefined {
  const d = world.databases.get(key);
  if (d) return database(world, d);
  const q = world.queues.get(key);
  if (q) return queue(world, q);
  const t = world.tables.get(key);
  if (t) return table(world, t);
  const lb = world.loadBalancers.get(key);
  if (lb) return loadBalancer(world, lb);
  const p = world.parameters.get(key);
  if (p) return describeParameter(world, p);
  const a = world.appConfigs.get(key);
  if (a) return describeAppConfig(world, a);
  return undefined;
}

/** Every data resource a service owns. */
export function dataResourcesOfService(world: World, service: string): ResourceDescription[] {
  return [
    ...[...world.databases.values()].filter((d) => d.service === service).map((d) => database(world, d)),
    ...[...world.queues.values()].filter((q) => q.service === service).map((q) => queue(world, q)),
    ...[...world.tables.values()].filter((t) => t.service === service).map((t) => table(world, t)),
    ...[...world.loadBalancers.values()]
      .filter((lb) => lb.service === service)
      .map((lb) => loadBalancer(world, lb)),
    ...[...world.parameters.values()]
      .filter((p) => p.service === service)
      .map((p) => describeParameter(world, p)),
    ...[...world.appConfigs.values()]
      .filter((a) => a.service === service)
      .map((a) => describeAppConfig(world, a)),
  ];
}
