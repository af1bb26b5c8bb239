/**
 * The simulated estate: services, the CloudWatch alarms on their resources, and the intake service map
 * that ties alarms to services the way a real deployment would (alarm tags, alarm-name prefixes, mapped
 * instance ids, ECS service-name dimensions). Also one-off "orphan" alarms on unowned resources (noise).
 */
import type { ServiceMapInput } from "../../../handlers/intake/index.js";
import type { Prng } from "./prng.js";

export interface AlarmDef {
  name: string;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: string;
  period: number;
  threshold: number;
  /** How this alarm reaches intake: EventBridge rule, or an SNS action subscribed by the intake Lambda. */
  channel: "eventbridge" | "sns";
  /** Propagated alarm tags (EventBridge only); empty when the account has tag propagation off. */
  tags: Record<string, string>;
  account: string;
  region: string;
}

export interface ServiceDef {
  name: string;
  account: string;
  region: string;
  cluster: string;
  instances: string[];
  alarms: AlarmDef[];
}

const WORDS = [
  "checkout",
  "payments",
  "cart",
  "catalog",
  "search",
  "inventory",
  "shipping",
  "orders",
  "billing",
  "invoices",
  "auth",
  "profile",
  "reviews",
  "recommend",
  "notify",
  "email",
  "sms",
  "pricing",
  "tax",
  "fraud",
  "ledger",
  "wallet",
  "loyalty",
  "coupons",
  "media",
  "thumbnails",
  "upload",
  "export",
  "reports",
  "analytics",
  "geo",
  "maps",
  "chat",
  "feeds",
  "ads",
  "bidding",
  "quotes",
  "returns",
  "warehouse",
  "fleet",
  "routing",
  "tracking",
  "scheduler",
  "ingest",
  "etl",
  "audit",
  "consent",
  "identity",
  "sessions",
  "gateway",
  "webhooks",
  "partners",
  "subscriptions",
  "metering",
  "rating",
  "support",
  "tickets",
  "status",
  "flags",
  "sync",
];

const ACCOUNTS = ["123456789012", "210987654321"];
const REGIONS = ["us-east-1", "us-east-1", "us-east-1", "eu-west-1"];

type Template = (svc: string, rng: Prng) => Omit<AlarmDef, "channel" | "tags" | "account" | "region">;

/** Per-service alarm templates: what a typical team alarms on. Names start with `<service>-`. */
const TEMPLATES: Template[] = [
  (s, r) => ({
    name: `${s}-alb-5xx`,
    namespace: "AWS/ApplicationELB",
    metric: "HTTPCode_Target_5XX_Count",
    dimensions: { LoadBalancer: `app/${s}-alb/${r.hex(16)}` },
    stat: "Sum",
    period: 60,
    threshold: 50,
  }),
  (s, r) => ({
    name: `${s}-alb-p99-latency`,
    namespace: "AWS/ApplicationELB",
    metric: "TargetResponseTime",
    dimensions: { LoadBalancer: `app/${s}-alb/${r.hex(16)}` },
    stat: "p99",
    period: 60,
    threshold: 1.5,
  }),
  (s) => ({
    name: `${s}-ecs-cpu-high`,
    namespace: "AWS/ECS",
    metric: "CPUUtilization",
    dimensions: { ClusterName: "prod", ServiceName: s },
    stat: "Average",
    period: 60,
    threshold: 85,
  }),
  (s) => ({
    name: `${s}-ecs-memory-high`,
    namespace: "AWS/ECS",
    metric: "MemoryUtilization",
    dimensions: { ClusterName: "prod", ServiceName: s },
    stat: "Average",
    period: 60,
    threshold: 90,
  }),
  (s) => ({
    name: `${s}-ddb-throttled`,
    namespace: "AWS/DynamoDB",
    metric: "ThrottledRequests",
    dimensions: { TableName: `${s}-table` },
    stat: "Sum",
    period: 60,
    threshold: 10,
  }),
  (s) => ({
    name: `${s}-queue-age`,
    namespace: "AWS/SQS",
    metric: "ApproximateAgeOfOldestMessage",
    dimensions: { QueueName: `${s}-jobs` },
    stat: "Maximum",
    period: 300,
    threshold: 600,
  }),
  (s) => ({
    name: `${s}-worker-errors`,
    namespace: "AWS/Lambda",
    metric: "Errors",
    dimensions: { FunctionName: `${s}-worker` },
    stat: "Sum",
    period: 60,
    threshold: 5,
  }),
  (s) => ({
    name: `${s}-db-connections`,
    namespace: "AWS/RDS",
    metric: "DatabaseConnections",
    dimensions: { DBInstanceIdentifier: `${s}-db` },
    stat: "Maximum",
    period: 60,
    threshold: 400,
  }),
];

function instanceId(rng: Prng): string {
  return `i-0${rng.hex(16)}`;
}

/** An EC2 alarm named the way the console names them (no service prefix: the service map maps the id). */
function instanceAlarm(id: string, which: "cpu" | "status") {
  return which === "cpu"
    ? {
        name: `awsec2-${id}-High-CPU-Utilization`,
        namespace: "AWS/EC2",
        metric: "CPUUtilization",
        dimensions: { InstanceId: id },
        stat: "Average",
        period: 300,
        threshold: 90,
      }
    : {
        name: `awsec2-${id}-StatusCheckFailed`,
        namespace: "AWS/EC2",
        metric: "StatusCheckFailed",
        dimensions: { InstanceId: id },
        stat: "Maximum",
        period: 60,
        threshold: 1,
      };
}

/** `count` services with 6-10 alarms each; a fifth of the alarms notify through SNS. */
export function buildServices(rng: Prng, count: number): ServiceDef[] {
  const services: ServiceDef[] = [];
  for (let i = 0; i < count; i++) {
    const word = WORDS[i % WORDS.length] ?? "svc";
    const name = i < WORDS.length ? word : `${word}${Math.floor(i / WORDS.length) + 1}`;
    const account = rng.pick(ACCOUNTS);
    const region = rng.pick(REGIONS);
    const tagged = rng.chance(0.5);
    const instances = [instanceId(rng), instanceId(rng)];
    const defs = [
      ...rng.sample(TEMPLATES, rng.int(4, 6)).map((t) => t(name, rng)),
      instanceAlarm(instances[0] ?? "", "cpu"),
      instanceAlarm(instances[1] ?? "", rng.chance(0.5) ? "cpu" : "status"),
    ];
    const alarms = defs.map((def): AlarmDef => {
      const channel = rng.chance(0.2) ? "sns" : "eventbridge";
      const tags: Record<string, string> =
        tagged && channel === "eventbridge" ? { service: name, team: `team-${name}` } : {};
      return { ...def, channel, tags, account, region };
    });
    services.push({ name, account, region, cluster: "prod", instances, alarms });
  }
  return services;
}

/** The service map intake is configured with: every service's name prefix and instance ids. */
export function serviceMapFor(services: readonly ServiceDef[]): ServiceMapInput {
  const byAlarmPrefix: Record<string, string> = {};
  const byInstance: Record<string, string> = {};
  for (const svc of services) {
    byAlarmPrefix[`${svc.name}-`] = svc.name;
    for (const id of svc.instances) byInstance[id] = svc.name;
  }
  return { byAlarmPrefix, byDimension: { InstanceId: byInstance } };
}

/**
 * A one-off alarm on an unowned resource: an unmapped instance or queue, so intake resolves no service and
 * keys it by its own fingerprint. `n` makes the name unique, so no two orphans share an alarm.
 */
export function orphanAlarm(rng: Prng, n: number): AlarmDef {
  const account = rng.pick(ACCOUNTS);
  const region = rng.pick(REGIONS);
  const channel = rng.chance(0.2) ? "sns" : "eventbridge";
  if (rng.chance(0.5)) {
    const id = instanceId(rng);
    return { ...instanceAlarm(id, "status"), channel, tags: {}, account, region };
  }
  const queue = `adhoc-export-${n}-${rng.hex(6)}`;
  return {
    name: `${queue}-dlq-depth`,
    namespace: "AWS/SQS",
    metric: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queue },
    stat: "Maximum",
    period: 300,
    threshold: 0,
    channel,
    tags: {},
    account,
    region,
  };
}
