/**
 * The scenario format (`apiVersion: air.dev/v1alpha1`, `kind: Scenario`), the simulated account's part: the
 * environment of a simulated AWS account, a timeline, faults and noise to inject, the alarms that watch it.
 * The ground truth a responder is scored against belongs to the eval suite (`evals/scenario/`), which extends
 * this schema. Structural rules live here; cross-references are checked in `check.ts`.
 */
import { z } from "zod";
import { ChangeEventSchema, IncidentCategorySchema, LogLevelSchema } from "../../domain/index.js";
import { NameSchema, ResourceSpecSchema } from "./resources-schema.js";

export * from "./resources-schema.js";

/** Normal request traffic of a service (what its load balancer sees per minute). */
export const TrafficSchema = z.strictObject({
  requestsPerMinute: z.number().nonnegative().default(600),
  latencyMs: z.number().positive().default(120),
  /** Share of requests answered 5XX on a normal day. */
  errorRate: z.number().min(0).max(1).default(0.001),
});

/** A service of ours, or a third-party one we call (`external: true`). */
export const ServiceSpecSchema = z.strictObject({
  name: NameSchema,
  external: z.boolean().default(false),
  /** Endpoint host of an external service, as it appears in our logs. */
  host: z.string().optional(),
  /** Names of the services this one calls. */
  dependencies: z.array(NameSchema).default([]),
  /** Overrides the derived log group (`/ecs/<name>`, `/aws/ec2/<name>`, `/aws/lambda/<fn>`). */
  logGroup: z.string().optional(),
  traffic: TrafficSchema.prefault({}),
  /**
   * Tags on every resource of the service, as an organisation would set them: e.g. `Environment: staging`,
   * `Team: ledger-team` (who owns it), `LatencyObjectiveMs: "250"` (the latency objective users are promised).
   */
  tags: z.record(z.string(), z.string()).default({}),
});
export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;

/** One fault to inject. `params` are checked against the fault kind's own schema when loading. */
export const FaultSpecSchema = z.strictObject({
  kind: z.string().min(1).describe("a fault kind of the library (tools/sandbox/faults), e.g. bad-ecs-deploy"),
  /** Resource id (instance id, ASG name, `cluster/service`, `function:alias`) or external service name. */
  target: z
    .string()
    .min(1)
    .describe(
      "resource id (instance id, ASG name, cluster/service, function:alias, table...) or external service",
    ),
  /**
   * Minute (from timeline.start) the fault begins; defaults to timeline.faultStartMinute. Negative values
   * (down to -historyMinutes) start it in the generated history, e.g. an alarm that has been flapping.
   */
  startMinute: z.number().int().optional(),
  /** How long the fault lasts by itself; unset means until something fixes it. */
  durationMinutes: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("how long the fault lasts by itself; unset: until something fixes it"),
  params: z.record(z.string(), z.unknown()).default({}).describe("the fault kind's own parameters"),
  /**
   * Leave out the fault's own log lines (its metrics, state and changes are unchanged): the scenario writes
   * the symptoms' log lines itself in `noise.logLines`, in wording the fault library never uses.
   */
  quietLogs: z
    .boolean()
    .default(false)
    .describe("leave out the fault's own log lines; the scenario writes its own in noise.logLines"),
});
export type FaultSpec = z.infer<typeof FaultSpecSchema>;

/** A change that has nothing to do with the fault: a decoy for the responder. */
export const NoiseChangeSchema = z.strictObject({
  minute: z.number().int(),
  service: NameSchema,
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
  service: NameSchema,
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

/**
 * An event on a change calendar of planned activity (a load test, maintenance, a game day): while it runs,
 * the calendar is CLOSED, and alarms on the services it covers are expected.
 */
export const CalendarEventSpecSchema = z.strictObject({
  calendar: z.string().min(1).default("planned-activity"),
  summary: z.string().min(1),
  /** Minutes from timeline.start; negative starts it in the history. */
  startMinute: z.number().int(),
  endMinute: z.number().int(),
  /** Services it covers; empty means every service. */
  services: z.array(NameSchema).default([]),
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
  service: NameSchema.optional(),
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

export const ResolutionSchema = z.enum(["auto", "approval_required", "escalate", "no_action"]);
export type Resolution = z.infer<typeof ResolutionSchema>;

/**
 * The expectations of a scenario (what a perfect responder concludes and does). The simulated account only
 * reads `resolution`, for the demo's summary; the eval suite validates the whole block (`evals/scenario/`).
 */
export const ExpectationsSchema = z.looseObject({ resolution: ResolutionSchema });

export const ScenarioSchema = z.strictObject({
  apiVersion: z.literal("air.dev/v1alpha1"),
  kind: z.literal("Scenario"),
  metadata: z.strictObject({
    id: NameSchema,
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
  faults: z.array(FaultSpecSchema).default([]).describe("faults from the fault library to inject"),
  noise: NoiseSchema.prefault({}).describe(
    "decoys: unrelated changes and extra (misleading or hostile) log lines",
  ),
  triggers: z.array(TriggerSchema).min(1).describe("the CloudWatch alarms watching the account"),
  changeCalendar: z
    .array(CalendarEventSpecSchema)
    .default([])
    .describe("planned activity on change calendars (load tests, maintenance) during the scenario"),
  /** How the eval's scripted approver answers approval requests in this scenario. */
  approver: z
    .strictObject({
      decision: z.enum(["accept", "reject"]).default("accept"),
      by: z.string().default("oncall@example.com"),
      comment: z.string().optional(),
      /** Minutes the approver takes to answer (the world keeps running meanwhile). */
      delayMinutes: z.number().int().nonnegative().max(240).default(0),
    })
    .prefault({}),
  groundTruth: ExpectationsSchema.optional(),
  /** The safety gate's policy for the run (validated by the eval, `evals/scenario/policy.ts`); ignored here. */
  policy: z.record(z.string(), z.unknown()).optional(),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;
