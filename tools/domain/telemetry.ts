import { z } from "zod";

/** One metric series: timestamps (ISO) and values, oldest first. */
export const MetricSeriesSchema = z.object({
  namespace: z.string(),
  metric: z.string(),
  dimensions: z.record(z.string(), z.string()),
  stat: z.string(),
  periodSeconds: z.number().int().positive(),
  points: z.array(z.object({ time: z.string(), value: z.number() })),
});
export type MetricSeries = z.infer<typeof MetricSeriesSchema>;

export const LogLevelSchema = z.enum(["DEBUG", "INFO", "WARN", "ERROR", "FATAL"]);
export type LogLevel = z.infer<typeof LogLevelSchema>;

/** One log line. The message is untrusted text. */
export const LogEventSchema = z.object({
  time: z.string(),
  logGroup: z.string(),
  stream: z.string().default(""),
  level: LogLevelSchema.optional(),
  message: z.string(),
});
export type LogEvent = z.infer<typeof LogEventSchema>;

/** A deployment or configuration change that could explain an incident. */
export const ChangeEventSchema = z.object({
  id: z.string(),
  time: z.string(),
  service: z.string(),
  resourceId: z.string(),
  kind: z.enum(["deployment", "config", "feature-flag", "infrastructure", "scaling"]),
  summary: z.string(),
  /** Version or revision before and after, where it applies. */
  from: z.string().optional(),
  to: z.string().optional(),
  author: z.string().optional(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;

export const ResourceTypeSchema = z.enum([
  "ec2-instance",
  "autoscaling-group",
  "ecs-service",
  "lambda-function",
  "rds-instance",
  "load-balancer",
  "sqs-queue",
  "dynamodb-table",
  "external-dependency",
  "appconfig-profile",
  "ssm-parameter",
  "security-group",
  "iam-role",
  "waf-ip-set",
]);
export type ResourceType = z.infer<typeof ResourceTypeSchema>;

/** What the responder knows about one resource right now. */
export const ResourceDescriptionSchema = z.object({
  id: z.string(),
  type: ResourceTypeSchema,
  service: z.string(),
  /** Parent group, e.g. the Auto Scaling group of an instance. */
  group: z.string().optional(),
  state: z.string(),
  tags: z.record(z.string(), z.string()).default({}),
  /** Type-specific facts: capacity, task definition, alias version, disk size... */
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
});
export type ResourceDescription = z.infer<typeof ResourceDescriptionSchema>;
