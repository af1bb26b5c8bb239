/**
 * CloudWatch alarm notifications delivered through SNS: the Lambda event (`Records[].Sns`), a bare SNS
 * notification (HTTP/SQS subscribers) and the alarm message itself (the JSON text of `Sns.Message`).
 */
import { JSONStringified } from "@aws-lambda-powertools/parser/helpers";
import { SnsNotificationSchema, SnsRecordSchema } from "@aws-lambda-powertools/parser/schemas/sns";
import { z } from "zod";
import { AlarmStateSchema } from "../../../../tools/domain/alert.js";
import { IdSchema, LIMITS, NameSchema, TextSchema, TimeSchema } from "./common.js";

const SnsDimensionSchema = z.object({ name: IdSchema, value: IdSchema });

/** `Trigger.Metrics[]` entries of metric-math alarms (PascalCase, unlike the EventBridge shape). */
const SnsTriggerMetricSchema = z.object({
  Id: IdSchema,
  Expression: TextSchema.optional(),
  Label: TextSchema.optional(),
  ReturnData: z.boolean().optional(),
  MetricStat: z
    .object({
      Metric: z.object({
        MetricName: z.string().min(1).max(LIMITS.name),
        Namespace: z.string().min(1).max(LIMITS.name),
        Dimensions: z.array(SnsDimensionSchema).max(LIMITS.items).default([]),
      }),
      Period: z.number().int().positive().optional(),
      Stat: z.string().max(LIMITS.name).optional(),
      Unit: z.string().max(LIMITS.name).nullish(),
    })
    .optional(),
});

const SnsTriggerSchema = z.object({
  MetricName: z.string().max(LIMITS.name).nullish(),
  Namespace: z.string().max(LIMITS.name).nullish(),
  StatisticType: z.string().max(LIMITS.name).nullish(),
  Statistic: z.string().max(LIMITS.name).nullish(),
  ExtendedStatistic: z.string().max(LIMITS.name).nullish(),
  Unit: z.string().max(LIMITS.name).nullish(),
  Dimensions: z.array(SnsDimensionSchema).max(LIMITS.items).default([]),
  Period: z.number().int().positive().nullish(),
  EvaluationPeriods: z.number().nullish(),
  ComparisonOperator: z.string().max(LIMITS.name).nullish(),
  Threshold: z.number().nullish(),
  Metrics: z.array(SnsTriggerMetricSchema).max(LIMITS.items).nullish(),
});

/** The alarm notification JSON CloudWatch publishes to SNS. */
export const SnsAlarmMessageSchema = z.object({
  AlarmName: NameSchema,
  AlarmDescription: TextSchema.nullish(),
  AWSAccountId: z.string().min(1).max(64),
  NewStateValue: AlarmStateSchema,
  NewStateReason: TextSchema.default(""),
  StateChangeTime: TimeSchema,
  /** A display name such as "US East (N. Virginia)", not a region code. */
  Region: z.string().max(LIMITS.name),
  AlarmArn: z.string().max(LIMITS.id).nullish(),
  OldStateValue: AlarmStateSchema.nullish(),
  Trigger: SnsTriggerSchema.nullish(),
  /** Composite alarms only. */
  AlarmRule: TextSchema.nullish(),
});
export type SnsAlarmMessage = z.infer<typeof SnsAlarmMessageSchema>;

/** The alarm message as JSON text (what `Sns.Message` carries), capped at SNS's size limit. */
export const SnsAlarmMessageTextSchema = z
  .string()
  .max(LIMITS.message)
  .pipe(JSONStringified(SnsAlarmMessageSchema));

/**
 * Powertools' SNS notification, relaxed on the URL fields (the AWS sample events carry "EXAMPLE" there and
 * we never follow them), with the alarm message parsed out of `Message`.
 */
export const SnsAlarmNotificationSchema = SnsNotificationSchema.extend({
  UnsubscribeUrl: z.string().max(LIMITS.id).optional(),
  UnsubscribeURL: z.string().max(LIMITS.id).optional(),
  SigningCertUrl: z.string().max(LIMITS.id).optional(),
  SigningCertURL: z.string().max(LIMITS.id).optional(),
  MessageId: z.string().min(1).max(LIMITS.id),
  TopicArn: z.string().max(LIMITS.id),
  Message: SnsAlarmMessageTextSchema,
});
export type SnsAlarmNotification = z.infer<typeof SnsAlarmNotificationSchema>;

/** The Lambda event SNS sends: one or more records, each wrapping one alarm notification. */
export const SnsAlarmLambdaEventSchema = z.object({
  Records: z
    .array(SnsRecordSchema.extend({ Sns: SnsAlarmNotificationSchema }))
    .min(1)
    .max(LIMITS.items),
});
export type SnsAlarmLambdaEvent = z.infer<typeof SnsAlarmLambdaEventSchema>;
