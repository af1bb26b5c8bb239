/**
 * CloudWatch alarm state changes as EventBridge delivers them (`detail`) and as an alarm's Lambda action
 * delivers them (`alarmData`): metric, metric-math, anomaly-detection and composite alarms share one shape.
 */
import { z } from "zod";
import { AlarmStateSchema } from "../../../../tools/domain/alert.js";
import {
  eventBridgeEvent,
  IdSchema,
  LIMITS,
  NameSchema,
  StringMapSchema,
  TextSchema,
  TimeSchema,
} from "./common.js";

export const AlarmStateChangeSchema = z.object({
  value: AlarmStateSchema,
  reason: TextSchema.default(""),
  /** JSON text with datapoints and threshold (metric alarms) or triggering alarms (composite). */
  reasonData: TextSchema.optional(),
  timestamp: TimeSchema,
  /** Composite alarms only: `Alarm`, `WaitPeriod` or `ExtensionPeriod`. */
  actionsSuppressedBy: z.string().max(64).optional(),
  actionsSuppressedReason: TextSchema.optional(),
});

/** The previous state is context only, so each of its fields is optional. */
export const PreviousAlarmStateSchema = z.object({
  value: AlarmStateSchema.optional(),
  reason: TextSchema.optional(),
  reasonData: TextSchema.optional(),
  timestamp: TimeSchema.optional(),
});

export const MetricStatSchema = z.object({
  metric: z.object({
    namespace: z.string().min(1).max(LIMITS.name),
    name: z.string().min(1).max(LIMITS.name),
    dimensions: StringMapSchema.default({}),
  }),
  period: z.number().int().positive().optional(),
  stat: z.string().max(LIMITS.name).optional(),
  unit: z.string().max(LIMITS.name).optional(),
});

/** One entry of `configuration.metrics`: a metric (`metricStat`) or a math expression. */
export const AlarmMetricSchema = z.object({
  id: IdSchema,
  metricStat: MetricStatSchema.optional(),
  expression: TextSchema.optional(),
  label: TextSchema.optional(),
  returnData: z.boolean().optional(),
});

export const AlarmConfigurationSchema = z.object({
  description: TextSchema.nullish(),
  metrics: z.array(AlarmMetricSchema).max(LIMITS.items).optional(),
  /** Composite alarms only. */
  alarmRule: TextSchema.optional(),
  actionsSuppressor: z.string().max(LIMITS.id).optional(),
  actionsSuppressorWaitPeriod: z.number().optional(),
  actionsSuppressorExtensionPeriod: z.number().optional(),
});

export const AlarmDataSchema = z.object({
  alarmName: NameSchema,
  state: AlarmStateChangeSchema,
  previousState: PreviousAlarmStateSchema.optional(),
  configuration: AlarmConfigurationSchema.default({}),
  /** Present when alarm-tag propagation to EventBridge is enabled. */
  alarmTags: StringMapSchema.optional(),
});
export type AlarmData = z.infer<typeof AlarmDataSchema>;

/** EventBridge `CloudWatch Alarm State Change`. */
export const EventBridgeAlarmEventSchema = eventBridgeEvent(
  "aws.cloudwatch",
  "CloudWatch Alarm State Change",
  AlarmDataSchema,
);
export type EventBridgeAlarmEvent = z.infer<typeof EventBridgeAlarmEventSchema>;

/** The payload CloudWatch sends when an alarm's action is a Lambda function. */
export const AlarmActionEventSchema = z.object({
  source: z.literal("aws.cloudwatch"),
  alarmArn: z.string().min(1).max(LIMITS.id),
  accountId: z.string().min(1).max(64),
  time: TimeSchema,
  region: z.string().min(1).max(64),
  alarmData: AlarmDataSchema,
});
export type AlarmActionEvent = z.infer<typeof AlarmActionEventSchema>;

/** What we read from `state.reasonData`; anything else in it is ignored. */
const ReasonDataSchema = z.object({
  threshold: z.number().optional(),
  /** Composite alarms: the child alarms that caused the change. */
  triggeringAlarms: z
    .array(z.object({ arn: IdSchema }))
    .max(LIMITS.items)
    .optional()
    .catch(undefined),
  statistic: z.string().max(LIMITS.name).optional(),
  period: z.number().optional(),
});
export type ReasonData = z.infer<typeof ReasonDataSchema>;

/** Reads `reasonData` leniently: it is informational, so bad JSON yields `{}` rather than an error. */
export function readReasonData(text: string | undefined): ReasonData {
  if (!text || text.length > LIMITS.text) return {};
  try {
    const parsed = ReasonDataSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
