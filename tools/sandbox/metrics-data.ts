/**
 * The metric model of the data and edge resources: RDS, SQS (with its backlog carried minute to minute),
 * DynamoDB, load balancers with their certificates, and ElastiCache, from baselines plus fault effects.
 */
import { effectOf } from "./data-resources.js";
import type { MetricId } from "./metric-store.js";
import { clamp, noise } from "./noise.js";
import { poisson, streamFor } from "./random.js";
import type { World } from "./world.js";
import { minuteMs, serviceEffects } from "./world.js";

type Put = (id: MetricId, value: number) => void;

const DAY_MS = 86_400_000;

/** Samples every data resource of the world for the minute starting at `minute`. */
export function sampleDataResources(world: World, minute: number, put: Put): void {
  const fx = (id: string, key: string, fallback = 0) => effectOf(world.effects.resources, id, key, fallback);
  const traffic = (service: string) => serviceEffects(world, service).trafficFactor;

  for (const db of world.databases.values()) {
    const dims = { DBInstanceIdentifier: db.id };
    const n = (key: string) => noise(world, `${key}:${db.id}`, minute);
    const cpu = clamp(
      db.baseline.cpuPercent * traffic(db.service) + fx(db.id, "cpu") + 2 * n("rdscpu"),
      1,
      100,
    );
    const wanted =
      (db.baseline.connections + fx(db.id, "connections")) * fx(db.id, "connectionsFactor", 1) +
      4 * n("rdsconn");
    const connections = Math.round(clamp(wanted, 0, db.maxConnections));
    put({ namespace: "AWS/RDS", metric: "CPUUtilization", dimensions: dims }, cpu);
    put({ namespace: "AWS/RDS", metric: "DatabaseConnections", dimensions: dims }, connections);
    put(
      { namespace: "AWS/RDS", metric: "ReadLatency", dimensions: dims },
      Math.max(
        0.0001,
        ((db.baseline.readLatencyMs + fx(db.id, "readLatencyMs")) * (1 + 0.08 * n("rdsrl"))) / 1000,
      ),
    );
    put(
      { namespace: "AWS/RDS", metric: "WriteLatency", dimensions: dims },
      Math.max(
        0.0001,
        ((db.baseline.writeLatencyMs + fx(db.id, "writeLatencyMs")) * (1 + 0.08 * n("rdswl"))) / 1000,
      ),
    );
    put(
      { namespace: "AWS/RDS", metric: "DiskQueueDepth", dimensions: dims },
      Math.max(0, 0.4 + fx(db.id, "diskQueueDepth") + 0.1 * n("rdsdq")),
    );
    put(
      { namespace: "AWS/RDS", metric: "FreeStorageSpace", dimensions: dims },
      Math.max(0, db.baseline.freeStorageGb - fx(db.id, "storageUsedGb")) * 1e9,
    );
  }

  for (const q of world.queues.values()) {
    const dims = { QueueName: q.name };
    const sent = Math.max(
      0,
      Math.round(
        q.sentPerMinute *
          traffic(q.service) *
          fx(q.name, "sentFactor", 1) *
          (1 + 0.05 * noise(world, `sqs:${q.name}`, minute)),
      ),
    );
    const capacity = q.processPerMinute * fx(q.name, "processFactor", 1);
    const processed = Math.round(Math.min(q.visible + sent, capacity));
    q.visible = Math.max(0, q.visible + sent - processed);
    const drainSeconds = capacity > 0 ? (q.visible / capacity) * 60 : q.oldestAgeSeconds + 60;
    q.oldestAgeSeconds = Math.max(
      Math.round(Math.max(5, drainSeconds) + 3 * noise(world, `sqsage:${q.name}`, minute)),
      Math.round(fx(q.name, "oldestAgeSeconds")),
    );
    q.deadLettered += Math.round(fx(q.name, "deadLettered"));
    if (q.deadLettered <= 0) delete q.deadLetteredSinceMs;
    else q.deadLetteredSinceMs ??= minuteMs(world, minute);
    put({ namespace: "AWS/SQS", metric: "NumberOfMessagesSent", dimensions: dims }, sent);
    put(
      { namespace: "AWS/SQS", metric: "NumberOfMessagesReceived", dimensions: dims },
      processed + Math.round(fx(q.name, "receives")),
    );
    put({ namespace: "AWS/SQS", metric: "NumberOfMessagesDeleted", dimensions: dims }, processed);
    put({ namespace: "AWS/SQS", metric: "ApproximateNumberOfMessagesVisible", dimensions: dims }, q.visible);
    put(
      { namespace: "AWS/SQS", metric: "ApproximateAgeOfOldestMessage", dimensions: dims },
      q.oldestAgeSeconds,
    );
    if (q.deadLetterQueue) {
      put(
        {
          namespace: "AWS/SQS",
          metric: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: q.deadLetterQueue },
        },
        q.deadLettered,
      );
      put(
        {
          namespace: "AWS/SQS",
          metric: "ApproximateAgeOfOldestMessage",
          dimensions: { QueueName: q.deadLetterQueue },
        },
        q.deadLetteredSinceMs === undefined
          ? 0
          : Math.round((minuteMs(world, minute) - q.deadLetteredSinceMs) / 1000),
      );
    }
  }

  for (const t of world.tables.values()) {
    const dims = { TableName: t.name };
    const rand = streamFor(world.seed, "ddb", t.name, minute);
    const tf = traffic(t.service);
    const read =
      Math.max(0, t.baseline.readUnits * tf + fx(t.name, "readUnits")) *
      (1 + 0.05 * noise(world, `ddbr:${t.name}`, minute));
    const write =
      Math.max(0, t.baseline.writeUnits * tf + fx(t.name, "writeUnits")) *
      (1 + 0.05 * noise(world, `ddbw:${t.name}`, minute));
    const provisioned = t.billingMode === "provisioned";
    const overRead = provisioned ? Math.max(0, read - t.readCapacityUnits) : 0;
    const overWrite = provisioned ? Math.max(0, write - t.writeCapacityUnits) : 0;
    const readThrottles = poisson(rand, overRead * 60 * 0.5 + fx(t.name, "hotReadThrottles"));
    const writeThrottles = poisson(rand, overWrite * 60 * 0.5 + fx(t.name, "hotWriteThrottles"));
    put(
      { namespace: "AWS/DynamoDB", metric: "ConsumedReadCapacityUnits", dimensions: dims },
      Math.round(Math.min(read, provisioned ? t.readCapacityUnits : read) * 60),
    );
    put(
      { namespace: "AWS/DynamoDB", metric: "ConsumedWriteCapacityUnits", dimensions: dims },
      Math.round(Math.min(write, provisioned ? t.writeCapacityUnits : write) * 60),
    );
    if (provisioned) {
      put(
        { namespace: "AWS/DynamoDB", metric: "ProvisionedReadCapacityUnits", dimensions: dims },
        t.readCapacityUnits,
      );
      put(
        { namespace: "AWS/DynamoDB", metric: "ProvisionedWriteCapacityUnits", dimensions: dims },
        t.writeCapacityUnits,
      );
    }
    put({ namespace: "AWS/DynamoDB", metric: "ReadThrottleEvents", dimensions: dims }, readThrottles);
    put({ namespace: "AWS/DynamoDB", metric: "WriteThrottleEvents", dimensions: dims }, writeThrottles);
    put(
      { namespace: "AWS/DynamoDB", metric: "ThrottledRequests", dimensions: dims },
      readThrottles + writeThrottles,
    );
    put(
      { namespace: "AWS/DynamoDB", metric: "SystemErrors", dimensions: dims },
      poisson(rand, fx(t.name, "systemErrors")),
    );
  }

  for (const lb of world.loadBalancers.values()) {
    const dims = { LoadBalancer: lb.name };
    const service = world.services.get(lb.service);
    const rand = streamFor(world.seed, "alb", lb.name, minute);
    const requests =
      (service?.traffic.requestsPerMinute ?? 0) *
      traffic(lb.service) *
      (1 + 0.04 * noise(world, `albreq:${lb.name}`, minute));
    const tlsErrors = poisson(rand, fx(lb.name, "tlsErrors") + 0.2);
    put(
      { namespace: "AWS/ApplicationELB", metric: "RequestCount", dimensions: dims },
      Math.max(0, Math.round(requests - tlsErrors)),
    );
    put(
      { namespace: "AWS/ApplicationELB", metric: "ClientTLSNegotiationErrorCount", dimensions: dims },
      tlsErrors,
    );
    put(
      { namespace: "AWS/ApplicationELB", metric: "HTTPCode_ELB_5XX_Count", dimensions: dims },
      poisson(rand, fx(lb.name, "elb5xx") + 0.3),
    );
    const left = Date.parse(lb.certificateNotAfter) - minuteMs(world, minute);
    put(
      {
        namespace: "AWS/CertificateManager",
        metric: "DaysToExpiry",
        dimensions: { CertificateArn: certificateArn(world, lb.name) },
      },
      Math.max(0, Math.floor(left / DAY_MS)),
    );
  }

  for (const c of world.caches.values()) {
    const dims = { CacheClusterId: c.id };
    const n = (key: string) => noise(world, `${key}:${c.id}`, minute);
    const cpu = clamp(c.baseline.cpuPercent + fx(c.id, "cpu") + 2 * n("eccpu"), 0.5, 100);
    put({ namespace: "AWS/ElastiCache", metric: "CPUUtilization", dimensions: dims }, cpu);
    put(
      { namespace: "AWS/ElastiCache", metric: "EngineCPUUtilization", dimensions: dims },
      clamp(cpu * 1.1, 0.5, 100),
    );
    put(
      { namespace: "AWS/ElastiCache", metric: "CacheHitRate", dimensions: dims },
      clamp(c.baseline.hitRate - fx(c.id, "hitRateDrop") + 0.6 * n("echit"), 0, 100),
    );
    put(
      { namespace: "AWS/ElastiCache", metric: "CurrConnections", dimensions: dims },
      Math.max(0, Math.round(c.baseline.connections + fx(c.id, "connections") + 5 * n("ecconn"))),
    );
    put(
      { namespace: "AWS/ElastiCache", metric: "Evictions", dimensions: dims },
      Math.max(0, Math.round(fx(c.id, "evictions"))),
    );
  }
}

/** The ACM certificate ARN of a load balancer's listener (stable per world and balancer). */
export function certificateArn(world: World, loadBalancer: string): string {
  const rand = streamFor(world.seed, "cert", loadBalancer);
  const h = () => Math.floor(rand() * 16).toString(16);
  const part = (n: number) => Array.from({ length: n }, h).join("");
  return `arn:aws:acm:${world.region}:${world.account}:certificate/${part(8)}-${part(4)}-4${part(3)}-a${part(3)}-${part(12)}`;
}
