/**
 * Resource specs of the scenario format: what `environment.resources` may declare (compute, data and edge
 * resources), each with the attributes the simulated account models.
 */
import { z } from "zod";
import { IamRoleSpecSchema, SecurityGroupSpecSchema, WafIpSetSpecSchema } from "./security-schema.js";

/** Lowercase letters, digits and dashes: service and resource names. */
export const NameSchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, "lowercase letters, digits and dashes, starting with a letter");
const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, "an EC2 instance id like i-0abc12345678def01");
const taskDefinition = z.string().regex(/^[\w-]+:\d+$/, "a family:revision like checkout:41");
const targetGroup = z
  .string()
  .regex(
    /^targetgroup\/[\w-]+\/[0-9a-f]{16}$/,
    "an ALB target group dimension like targetgroup/web-tg/0123456789abcdef",
  );

const InstanceBaselineSchema = z.strictObject({
  cpuPercent: z.number().min(0).max(100).default(30),
  memPercent: z.number().min(0).max(100).default(45),
  diskPercent: z.number().min(0).max(100).default(40),
});

export const AsgSpecSchema = z.strictObject({
  type: z.literal("autoscaling-group"),
  name: z.string().min(1),
  service: NameSchema,
  minSize: z.number().int().nonnegative(),
  maxSize: z.number().int().positive(),
  desiredCapacity: z.number().int().nonnegative(),
  /** How far the platform team lets the responder raise MaxSize (the group's `air:max-size-ceiling` tag). */
  maxSizeCeiling: z.number().int().positive().optional(),
  instanceType: z.string().default("m5.large"),
  diskSizeGb: z.number().int().positive().default(50),
  /** Ids of the first in-service instances (needed when a fault targets one); the rest are generated. */
  instances: z.array(instanceId).default([]),
  targetGroup: targetGroup.optional(),
  /** Per-instance baseline at the declared desired capacity. */
  baseline: InstanceBaselineSchema.prefault({}),
});

export const InstanceSpecSchema = z.strictObject({
  type: z.literal("ec2-instance"),
  id: instanceId,
  service: NameSchema,
  instanceType: z.string().default("m5.large"),
  diskSizeGb: z.number().int().positive().default(100),
  targetGroup: targetGroup.optional(),
  baseline: InstanceBaselineSchema.prefault({}),
});

export const EcsSpecSchema = z.strictObject({
  type: z.literal("ecs-service"),
  cluster: z.string().min(1),
  service: NameSchema,
  /** ECS service name; defaults to the service name. The resource id is `<cluster>/<serviceName>`. */
  serviceName: z.string().optional(),
  taskDefinition,
  /** Revisions the service ran before, newest first. */
  previousTaskDefinitions: z.array(taskDefinition).default([]),
  desiredCount: z.number().int().positive().default(4),
  /** Application Auto Scaling bounds of the service's task count, when it has a scalable target. */
  minCount: z.number().int().nonnegative().optional(),
  maxCount: z.number().int().positive().optional(),
  /** Task size from the task definition (vCPU and GB), when the scenario describes it (for cost). */
  taskCpu: z.number().positive().optional(),
  taskMemoryGb: z.number().positive().optional(),
  targetGroup: targetGroup.optional(),
  baseline: z
    .object({
      cpuPercent: z.number().min(0).max(100).default(35),
      memPercent: z.number().min(0).max(100).default(50),
    })
    .prefault({}),
});

export const LambdaSpecSchema = z.strictObject({
  type: z.literal("lambda-function"),
  functionName: z.string().min(1),
  alias: z.string().default("live"),
  service: NameSchema,
  aliasVersion: z.string().regex(/^\d+$/, "a published version number"),
  /** Versions the alias pointed at before, newest first. */
  previousVersions: z.array(z.string().regex(/^\d+$/)).default([]),
  invocationsPerMinute: z.number().nonnegative().default(300),
  errorRate: z.number().min(0).max(1).default(0.001),
  durationMs: z.number().positive().default(80),
  /** Reserved concurrency; unset means the account's unreserved pool (never throttles here). */
  reservedConcurrency: z.number().int().nonnegative().optional(),
});

/** An RDS database instance (the id is its DBInstanceIdentifier). */
export const RdsSpecSchema = z.strictObject({
  type: z.literal("rds-instance"),
  id: NameSchema,
  service: NameSchema,
  engine: z.enum(["postgres", "mysql", "aurora-postgresql", "aurora-mysql"]).default("postgres"),
  instanceClass: z.string().default("db.r6g.large"),
  maxConnections: z.number().int().positive().default(500),
  allocatedStorageGb: z.number().int().positive().default(200),
  /** A standby in another Availability Zone takes over when the primary reboots or fails. */
  multiAz: z.boolean().default(false),
  /** DNS name our services connect to; derived from the id when unset. */
  endpoint: z.string().optional(),
  baseline: z
    .strictObject({
      cpuPercent: z.number().min(0).max(100).default(25),
      connections: z.number().int().nonnegative().default(120),
      readLatencyMs: z.number().nonnegative().default(2),
      writeLatencyMs: z.number().nonnegative().default(3),
      freeStorageGb: z.number().nonnegative().default(120),
    })
    .prefault({}),
});

/** An SQS queue, optionally consumed by one of our Lambda functions (`function:alias`). */
export const SqsSpecSchema = z.strictObject({
  type: z.literal("sqs-queue"),
  name: z.string().regex(/^[\w-]{1,80}(\.fifo)?$/, "an SQS queue name (letters, digits, - and _)"),
  service: NameSchema,
  consumer: z.string().optional(),
  deadLetterQueue: z.string().optional(),
  /** Receives before a message goes to the dead-letter queue (only with deadLetterQueue). */
  maxReceiveCount: z.number().int().positive().default(5),
  sentPerMinute: z.number().nonnegative().default(200),
  /** Messages the consumer can process per minute. */
  processPerMinute: z.number().positive().default(400),
});

/** A DynamoDB table. */
export const DynamoSpecSchema = z.strictObject({
  type: z.literal("dynamodb-table"),
  name: z.string().regex(/^[\w.-]{3,255}$/, "a DynamoDB table name"),
  service: NameSchema,
  billingMode: z.enum(["provisioned", "on-demand"]).default("provisioned"),
  readCapacityUnits: z.number().int().positive().default(400),
  writeCapacityUnits: z.number().int().positive().default(200),
  /** Maximum units of the table's Application Auto Scaling policies, when it has them. */
  autoScalingMax: z
    .strictObject({ readUnits: z.number().int().positive(), writeUnits: z.number().int().positive() })
    .optional(),
  baseline: z
    .strictObject({
      readUnits: z.number().nonnegative().default(150),
      writeUnits: z.number().nonnegative().default(80),
    })
    .prefault({}),
});

/** An Application Load Balancer with its TLS certificate (the id is its `app/<name>/<hex>` dimension). */
export const LoadBalancerSpecSchema = z.strictObject({
  type: z.literal("load-balancer"),
  name: z.string().regex(/^app\/[\w-]+\/[0-9a-f]{16}$/, "an ALB dimension like app/web-alb/0123456789abcdef"),
  service: NameSchema,
  /** Domain the certificate covers. */
  domain: z.string().default("example.com"),
  /** When the listener's certificate expires (ISO-8601). */
  certificateNotAfter: z.iso.datetime().default("2030-01-01T00:00:00Z"),
  scheme: z.enum(["internet-facing", "internal"]).default("internet-facing"),
});

/** An ElastiCache (Redis) cluster node (the id is its CacheClusterId). */
export const CacheSpecSchema = z.strictObject({
  type: z.literal("elasticache-cluster"),
  id: NameSchema,
  service: NameSchema,
  /** The database that answers cache misses, if any. */
  database: NameSchema.optional(),
  baseline: z
    .strictObject({
      cpuPercent: z.number().min(0).max(100).default(20),
      hitRate: z.number().min(0).max(100).default(94),
      connections: z.number().int().nonnegative().default(300),
    })
    .prefault({}),
});

export {
  type IamRoleSpec,
  IamRoleSpecSchema,
  type SecurityGroupSpec,
  SecurityGroupSpecSchema,
  type WafIpSetSpec,
  WafIpSetSpecSchema,
} from "./security-schema.js";

export const ResourceSpecSchema = z.discriminatedUnion("type", [
  AsgSpecSchema,
  InstanceSpecSchema,
  EcsSpecSchema,
  LambdaSpecSchema,
  RdsSpecSchema,
  SqsSpecSchema,
  DynamoSpecSchema,
  LoadBalancerSpecSchema,
  CacheSpecSchema,
  SecurityGroupSpecSchema,
  IamRoleSpecSchema,
  WafIpSetSpecSchema,
]);
export type ResourceSpec = z.infer<typeof ResourceSpecSchema>;
export type AsgSpec = z.infer<typeof AsgSpecSchema>;
export type InstanceSpec = z.infer<typeof InstanceSpecSchema>;
export type EcsSpec = z.infer<typeof EcsSpecSchema>;
export type LambdaSpec = z.infer<typeof LambdaSpecSchema>;
export type RdsSpec = z.infer<typeof RdsSpecSchema>;
export type SqsSpec = z.infer<typeof SqsSpecSchema>;
export type DynamoSpec = z.infer<typeof DynamoSpecSchema>;
export type LoadBalancerSpec = z.infer<typeof LoadBalancerSpecSchema>;
export type CacheSpec = z.infer<typeof CacheSpecSchema>;
