/**
 * The data and edge resources of the simulated account (RDS, SQS, DynamoDB, load balancers, ElastiCache)
 * and the per-minute effect registers faults write into for any resource.
 */
import type { AppConfigState, ParameterState } from "./parameters.js";
import type { ResourceSpec } from "./scenario/schema.js";

export interface DatabaseState {
  id: string;
  service: string;
  engine: string;
  instanceClass: string;
  maxConnections: number;
  allocatedStorageGb: number;
  multiAz: boolean;
  /** Reboots completed (AWS-RebootRdsInstance); a hung engine recovers on the next one. */
  reboots: number;
  endpoint: string;
  baseline: {
    cpuPercent: number;
    connections: number;
    readLatencyMs: number;
    writeLatencyMs: number;
    freeStorageGb: number;
  };
}

export interface QueueState {
  name: string;
  service: string;
  consumer?: string;
  deadLetterQueue?: string;
  maxReceiveCount: number;
  sentPerMinute: number;
  processPerMinute: number;
  /** Messages waiting right now. */
  visible: number;
  /** Age of the oldest waiting message, in seconds. */
  oldestAgeSeconds: number;
  /** Messages moved to the dead-letter queue so far. */
  deadLettered: number;
  /** When the oldest message now in the dead-letter queue arrived (ms); unset while it is empty. */
  deadLetteredSinceMs?: number;
}

export interface TableState {
  name: string;
  service: string;
  billingMode: "provisioned" | "on-demand";
  readCapacityUnits: number;
  writeCapacityUnits: number;
  /** Maximum units of the table's auto-scaling policies, when it has them. */
  autoScalingMax?: { readUnits: number; writeUnits: number };
  baseline: { readUnits: number; writeUnits: number };
}

export interface LoadBalancerState {
  name: string;
  service: string;
  domain: string;
  certificateNotAfter: string;
  scheme: "internet-facing" | "internal";
}

export interface CacheState {
  id: string;
  service: string;
  database?: string;
  baseline: { cpuPercent: number; hitRate: number; connections: number };
}

/** The data resources of a world, by id or name. */
export interface DataResources {
  databases: Map<string, DatabaseState>;
  queues: Map<string, QueueState>;
  tables: Map<string, TableState>;
  loadBalancers: Map<string, LoadBalancerState>;
  caches: Map<string, CacheState>;
  /** Parameter Store parameters faults edit (registered by the fault, by name). */
  parameters: Map<string, ParameterState>;
  /** AppConfig profiles per environment (registered by the fault, by application/environment/profile). */
  appConfigs: Map<string, AppConfigState>;
}

export function emptyDataResources(): DataResources {
  return {
    databases: new Map(),
    queues: new Map(),
    tables: new Map(),
    loadBalancers: new Map(),
    caches: new Map(),
    parameters: new Map(),
    appConfigs: new Map(),
  };
}

/** Adds a declared data resource; returns false for compute resources (handled by the world itself). */
export function addDataResource(data: DataResources, r: ResourceSpec, region: string): boolean {
  switch (r.type) {
    case "rds-instance":
      data.databases.set(r.id, {
        id: r.id,
        service: r.service,
        engine: r.engine,
        instanceClass: r.instanceClass,
        maxConnections: r.maxConnections,
        allocatedStorageGb: r.allocatedStorageGb,
        multiAz: r.multiAz,
        reboots: 0,
        endpoint: r.endpoint ?? `${r.id}.c9akciq32.${region}.rds.amazonaws.com`,
        baseline: { ...r.baseline },
      });
      return true;
    case "sqs-queue":
      data.queues.set(r.name, {
        name: r.name,
        service: r.service,
        ...(r.consumer ? { consumer: r.consumer } : {}),
        ...(r.deadLetterQueue ? { deadLetterQueue: r.deadLetterQueue } : {}),
        maxReceiveCount: r.maxReceiveCount,
        sentPerMinute: r.sentPerMinute,
        processPerMinute: r.processPerMinute,
        visible: Math.round(r.sentPerMinute * 0.1),
        oldestAgeSeconds: 6,
        deadLettered: 0,
      });
      return true;
    case "dynamodb-table":
      data.tables.set(r.name, {
        name: r.name,
        service: r.service,
        billingMode: r.billingMode,
        readCapacityUnits: r.readCapacityUnits,
        writeCapacityUnits: r.writeCapacityUnits,
        ...(r.autoScalingMax ? { autoScalingMax: { ...r.autoScalingMax } } : {}),
        baseline: { ...r.baseline },
      });
      return true;
    case "load-balancer":
      data.loadBalancers.set(r.name, {
        name: r.name,
        service: r.service,
        domain: r.domain,
        certificateNotAfter: r.certificateNotAfter,
        scheme: r.scheme,
      });
      return true;
    case "elasticache-cluster":
      data.caches.set(r.id, {
        id: r.id,
        service: r.service,
        ...(r.database ? { database: r.database } : {}),
        baseline: { ...r.baseline },
      });
      return true;
    default:
      return false;
  }
}

/**
 * Per-minute effect registers: numbers faults add to (or multiply) for one resource, keyed by a name the
 * metric model reads (e.g. `cpu`, `connections`, `tlsErrors`). Cleared at the start of every minute.
 */
export type EffectRegisters = Map<string, Map<string, number>>;

function register(registers: EffectRegisters, id: string): Map<string, number> {
  let r = registers.get(id);
  if (!r) {
    r = new Map();
    registers.set(id, r);
  }
  return r;
}

/** Adds `delta` to a register (default 0). */
export function addEffect(registers: EffectRegisters, id: string, key: string, delta: number): void {
  const r = register(registers, id);
  r.set(key, (r.get(key) ?? 0) + delta);
}

/** Multiplies a register (default 1) by `factor`. */
export function scaleEffect(registers: EffectRegisters, id: string, key: string, factor: number): void {
  const r = register(registers, id);
  r.set(key, (r.get(key) ?? 1) * factor);
}

/** The value of a register this minute, or `fallback` when nothing wrote it. */
export function effectOf(registers: EffectRegisters, id: string, key: string, fallback = 0): number {
  return registers.get(id)?.get(key) ?? fallback;
}
