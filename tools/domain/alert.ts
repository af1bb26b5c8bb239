import { z } from "zod";

/** Alarm states CloudWatch reports. */
export const AlarmStateSchema = z.enum(["ALARM", "OK", "INSUFFICIENT_DATA"]);
export type AlarmState = z.infer<typeof AlarmStateSchema>;

/** The metric an alarm watches, when it watches exactly one (metric alarms). */
export const AlertMetricSchema = z.object({
  namespace: z.string(),
  name: z.string(),
  dimensions: z.record(z.string(), z.string()).default({}),
  statistic: z.string().optional(),
  periodSeconds: z.number().int().positive().optional(),
  threshold: z.number().optional(),
  comparison: z.string().optional(),
});
export type AlertMetric = z.infer<typeof AlertMetricSchema>;

/** Where an alert came from; context-only sources never open an incident on their own. */
export const AlertSourceSchema = z.enum([
  "cloudwatch-alarm",
  "sns-alarm",
  "alarm-action",
  "ec2-state-change",
  "ecs-deployment",
  "aws-health",
]);
export type AlertSource = z.infer<typeof AlertSourceSchema>;

/** One normalised alarm notification, whatever shape it arrived in. */
export const AlertSchema = z.object({
  /** Unique id of this delivery (the EventBridge event id, SNS message id...). */
  id: z.string().min(1),
  source: AlertSourceSchema,
  /** Stable identity of the alarm across deliveries (see handlers/intake fingerprinting). */
  fingerprint: z.string().min(1),
  alarmName: z.string().min(1),
  alarmArn: z.string().optional(),
  accountId: z.string(),
  region: z.string(),
  state: AlarmStateSchema,
  previousState: AlarmStateSchema.optional(),
  /** CloudWatch's reason text. Untrusted: quoted as data, never obeyed. */
  reason: z.string().default(""),
  /** Alarm description set by the alarm's owner. Untrusted. */
  description: z.string().optional(),
  /** ISO-8601 time of the state change. */
  time: z.string(),
  metric: AlertMetricSchema.optional(),
  /** Service the alarm belongs to (tag, dimension or service map). */
  service: z.string().optional(),
  /** Ids or ARNs of the resources involved. */
  resources: z.array(z.string()).default([]),
  tags: z.record(z.string(), z.string()).default({}),
});
export type Alert = z.infer<typeof AlertSchema>;
export type AlertInput = z.input<typeof AlertSchema>;
