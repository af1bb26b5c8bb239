/**
 * The scenario format (`apiVersion: air.dev/v1alpha1`, `kind: Scenario`): the environment of a simulated
 * AWS account, a timeline, faults and noise to inject, the alarms that watch it, and the ground truth a
 * responder is scored against. Structural rules live here; cross-references are checked in `check.ts`.
 */
import { z } from "zod";
import { IncidentCategorySchema, SeveritySchema } from "../../../agents/triage/schema.js";
import { ChangeEventSchema, LogLevelSchema } from "../../../tools/domain/index.js";

const name = z
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

/** Normal request traffic of a service (what its load balancer sees per minute). */
export const TrafficSchema = z.strictObject({
  requestsPerMinute: z.number().nonnegative().default(600),
  latencyMs: z.number().positive().default(120),
  /** Share of requests answered 5XX on a normal day. */
  errorRate: z.number().min(0).max(1).default(0.001),
});

/** A service of ours, or a third-party one we call (`external: true`). */
export const ServiceSpecSchema = z.strictObject({
  name,
  external: z.boolean().default(false),
  /** Endpoint host of an external service, as it appears in our logs. */
  host: z.string().optional(),
  /** Names of the services this one calls. */
  dependencies: z.array(name).default([]),
  /** Overrides the derived log group (`/ecs/<name>`, `/aws/ec2/<name>`, `/aws/lambda/<fn>`). */
  logGroup: z.string().optional(),
  traffic: TrafficSchema.prefault({}),
});
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;

const InstanceBaselineSchema = z.strictObject({
  cpuPercent: z.number().min(0).max(100).default(30),
  memPercent: z.number().min(0).max(100).default(45),
  diskPercent: z.number().min(0).max(100).default(40),
});

export const AsgSpecSchema = z.strictObject({
  type: z.literal("autoscaling-group"),
  name: z.string().min(1),
  service: name,
  minSize: z.number().int().nonnegative(),
  maxSize: z.number().int().positive(),
  desiredCapacity: z.number().int().nonnegative(),
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
  service: name,
  instanceType: z.string().default("m5.large"),
  diskSizeGb: z.number().int().positive().default(100),
  targetGroup: targetGroup.optional(),
  baseline: InstanceBaselineSchema.prefault({}),
});

export const EcsSpecSchema = z.strictObject({
  type: z.literal("ecs-service"),
  cluster: z.string().min(1),
  service: name,
  /** ECS service name; defaults to the service name. The resource id is `<cluster>/<serviceName>`. */
  serviceName: z.string().optional(),
  taskDefinition,
  /** Revisions the service ran before, newest first. */
  previousTaskDefinitions: z.array(taskDefinition).default([]),
  desiredCount: z.number().int().positive().default(4),
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
  service: name,
  aliasVersion: z.string().regex(/^\d+$/, "a published version number"),
  /** Versions the alias pointed at before, newest first. */
  previousVersions: z.array(z.string().regex(/^\d+$/)).default([]),
  invocationsPerMinute: z.number().nonnegative().default(300),
  errorRate: z.number().min(0).max(1).default(0.001),
  durationMs: z.number().positive().default(80),
});

export const ResourceSpecSchema = z.discriminatedUnion("type", [
  AsgSpecSchema,
  InstanceSpecSchema,
  EcsSpecSchema,
  LambdaSpecSchema,
]);
export type ResourceSpec = z.infer<typeof ResourceSpecSchema>;
export type AsgSpec = z.infer<typeof AsgSpecSchema>;
export type InstanceSpec = z.infer<typeof InstanceSpecSchema>;
export type EcsSpec = z.infer<typeof EcsSpecSchema>;
export type LambdaSpec = z.infer<typeof LambdaSpecSchema>;

/** One fault to inject. `params` are checked against the fault kind's own schema when loading. */
export const FaultSpecSchema = z.strictObject({
  kind: z.string().min(1),
  /** Resource id (instance id, ASG name, `cluster/service`, `function:alias`) or external service name. */
  target: z.string().min(1),
  /** Minute (from timeline.start) the fault begins; defaults to timeline.faultStartMinute. */
  startMinute: z.number().int().nonnegative().optional(),
  /** How long the fault lasts by itself; unset means until something fixes it. */
  durationMinutes: z.number().int().positive().optional(),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

/** A change that has nothing to do with the fault: a decoy for the responder. */
export const NoiseChangeSchema = z.strictObject({
  minute: z.number().int(),
  service: name,
  resourceId: z.string().optional(),
  kind: ChangeEventSchema.shape.kind,
  summary: z.string().min(1),
  from: z.string().optional(),
  to: z.string().optional(),
  author: z.string().optional(),
});

/** An extra log line, e.g. misleading or hostile text. */
export const NoiseLogLineSchema = z.strictObject({
  minute: z.number().int(),
  service: name,
  level: LogLevelSchema.default("INFO"),
  message: z.string().min(1),
  /** Repeat every N minutes after the first, `times` times in all. */
  everyMinutes: z.number().int().positive().optional(),
  times: z.number().int().positive().default(1),
});

export const NoiseSchema = z.strictObject({
  changes: z.array(NoiseChangeSchema).default([]),
  logLines: z.array(NoiseLogLineSchema).default([]),
});

export const ComparisonSchema = z.enum([
  "GreaterThanThreshold",
  "GreaterThanOrEqualToThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
]);
export type Comparison = z.infer<typeof ComparisonSchema>;

/** A CloudWatch metric alarm. */
export const TriggerSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]{1,255}$/, "letters, digits, '.', '_' and '-' only"),
  description: z.string().default(""),
  /** Service the alarm belongs to (becomes a tag-like hint for intake). */
  service: name.optional(),
  metric: z.strictObject({
    namespace: z.string().min(1),
    name: z.string().min(1),
    dimensions: z.record(z.string(), z.string()).default({}),
  }),
  stat: z.string().default("Average"),
  periodSeconds: z.number().int().positive().multipleOf(60).default(60),
  threshold: z.number(),
  comparison: ComparisonSchema,
  evaluationPeriods: z.number().int().positive().default(1),
  /** M of the N evaluation periods that must breach; defaults to evaluationPeriods. */
  datapointsToAlarm: z.number().int().positive().optional(),
});
export type Trigger = z.infer<typeof TriggerSchema>;

const ActionRefSchema = z.strictObject({
  actionId: z.string().min(1),
  /** Parameters that must match; omitted ones are free. */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type ActionRef = z.infer<typeof ActionRefSchema>;
/** `- ec2-restart-instance` is shorthand for `- actionId: ec2-restart-instance`. */
const ActionRefOrIdSchema = z.union([
  z
    .string()
    .min(1)
    .transform((actionId): ActionRef => ({ actionId })),
  ActionRefSchema,
]);

export const ResolutionSchema = z.enum(["auto", "approval_required", "escalate", "no_action"]);
export type Resolution = z.infer<typeof ResolutionSchema>;

/** What a perfect responder would conclude and do. */
export const GroundTruthSchema = z
  .object({
    isIncident: z.boolean(),
    severity: SeveritySchema.optional(),
    category: IncidentCategorySchema,
    rootCauseResources: z.array(z.string()).default([]),
    resolution: ResolutionSchema,
    acceptableActions: z.array(ActionRefOrIdSchema).default([]),
    forbiddenActions: z.array(ActionRefOrIdSchema).default([]),
    notes: z.string().optional(),
  })
  .superRefine((truth, ctx) => {
    if (truth.isIncident && !truth.severity) {
      ctx.addIssue({
        code: "custom",
        path: ["severity"],
        message: "required when isIncident is true (SEV1..SEV4)",
      });
    }
    const acting = truth.resolution === "auto" || truth.resolution === "approval_required";
    if (acting && truth.acceptableActions.length === 0) {
      ctx.addIssue({
        code: "custom",
        path: ["acceptableActions"],
        message: `resolution '${truth.resolution}' needs at least one acceptable action`,
      });
    }
  });
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

export const ScenarioSchema = z.strictObject({
  apiVersion: z.literal("air.dev/v1alpha1"),
  kind: z.literal("Scenario"),
  metadata: z.strictObject({
    id: name,
    title: z.string().min(1),
    description: z.string().optional(),
    category: IncidentCategorySchema,
    difficulty: z.enum(["easy", "medium", "hard"]),
    seed: z.number().int().nonnegative(),
    tags: z.array(z.string()).default([]),
  }),
  environment: z.strictObject({
    account: z
      .string()
      .regex(/^\d{12}$/, "a 12-digit AWS account id")
      .default("123456789012"),
    region: z
      .string()
      .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region like us-east-1")
      .default("us-east-1"),
    services: z.array(ServiceSpecSchema).min(1),
    resources: z.array(ResourceSpecSchema).default([]),
  }),
  timeline: z.strictObject({
    /** Wall-clock time of minute 0, ISO-8601 UTC on a whole minute. */
    start: z.iso.datetime(),
    /** Minutes of normal history generated before minute 0. */
    historyMinutes: z
      .number()
      .int()
      .nonnegative()
      .max(24 * 60)
      .default(60),
    faultStartMinute: z.number().int().nonnegative().default(5),
    /** How long an eval run may last, from minute 0. */
    durationMinutes: z.number().int().positive().default(120),
  }),
  faults: z.array(FaultSpecSchema).default([]),
  noise: NoiseSchema.prefault({}),
  triggers: z.array(TriggerSchema).min(1),
  groundTruth: GroundTruthSchema,
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** JSON Schema of the scenario format (what authors write), for editors and docs. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
