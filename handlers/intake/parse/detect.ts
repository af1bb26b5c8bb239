/**
 * Shape detection: looks at the few keys that tell AWS event shapes apart, then validates with that
 * shape's schema so errors point at the real problem rather than at a union of every shape.
 */
import type { z } from "zod";
import { fromZodError, type IntakeError, intakeError } from "./errors.js";
import {
  type AlarmActionEvent,
  AlarmActionEventSchema,
  type EventBridgeAlarmEvent,
  EventBridgeAlarmEventSchema,
} from "./schemas/cloudwatch-alarm.js";
import {
  type Ec2StateChangeEvent,
  Ec2StateChangeEventSchema,
  type EcsDeploymentEvent,
  EcsDeploymentEventSchema,
  type HealthEvent,
  HealthEventSchema,
} from "./schemas/context-events.js";
import {
  SnsAlarmLambdaEventSchema,
  type SnsAlarmMessage,
  SnsAlarmMessageSchema,
  type SnsAlarmNotification,
  SnsAlarmNotificationSchema,
} from "./schemas/sns-alarm.js";

/** A validated event, tagged with the shape it arrived in. */
export type ParsedEvent =
  | { kind: "eventbridge-alarm"; event: EventBridgeAlarmEvent }
  | { kind: "alarm-action"; event: AlarmActionEvent }
  | { kind: "sns-alarm"; notifications: SnsAlarmNotification[] }
  | { kind: "alarm-message"; message: SnsAlarmMessage }
  | { kind: "ec2-state-change"; event: Ec2StateChangeEvent }
  | { kind: "ecs-deployment"; event: EcsDeploymentEvent }
  | { kind: "aws-health"; event: HealthEvent };

export type ParseOutcome = { ok: true; parsed: ParsedEvent } | { ok: false; error: IntakeError };

/** Largest JSON text accepted when the input is a string (EventBridge's limit is 256 KB). */
const MAX_JSON_TEXT = 1024 * 1024;

const SAMPLES = "see handlers/intake/fixtures/aws-events/ for examples of every accepted shape";
const ACCEPTED =
  "an EventBridge event (CloudWatch Alarm State Change, EC2 Instance State-change Notification, " +
  "ECS Deployment State Change, AWS Health Event), an SNS Lambda event carrying a CloudWatch alarm " +
  "notification, or a CloudWatch alarm Lambda-action payload";

interface Shape {
  label: string;
  hint: string;
  schema: z.ZodType;
  wrap: (data: never) => ParsedEvent;
}

const EVENTBRIDGE_SHAPES: Record<string, Shape> = {
  "CloudWatch Alarm State Change": {
    label: "CloudWatch alarm state change (EventBridge)",
    hint: `Send the event exactly as EventBridge delivers it; ${SAMPLES}.`,
    schema: EventBridgeAlarmEventSchema,
    wrap: (event: EventBridgeAlarmEvent) => ({ kind: "eventbridge-alarm", event }),
  },
  "EC2 Instance State-change Notification": {
    label: "EC2 instance state change (EventBridge)",
    hint: `Send the event exactly as EventBridge delivers it; ${SAMPLES}.`,
    schema: Ec2StateChangeEventSchema,
    wrap: (event: Ec2StateChangeEvent) => ({ kind: "ec2-state-change", event }),
  },
  "ECS Deployment State Change": {
    label: "ECS deployment state change (EventBridge)",
    hint: `Send the event exactly as EventBridge delivers it; ${SAMPLES}.`,
    schema: EcsDeploymentEventSchema,
    wrap: (event: EcsDeploymentEvent) => ({ kind: "ecs-deployment", event }),
  },
  "AWS Health Event": {
    label: "AWS Health event (EventBridge)",
    hint: `Send the event exactly as EventBridge delivers it; ${SAMPLES}.`,
    schema: HealthEventSchema,
    wrap: (event: HealthEvent) => ({ kind: "aws-health", event }),
  },
};

const ALARM_ACTION: Shape = {
  label: "CloudWatch alarm Lambda-action payload",
  hint: `Invoke intake with the payload CloudWatch sends to an alarm's Lambda action; ${SAMPLES}.`,
  schema: AlarmActionEventSchema,
  wrap: (event: AlarmActionEvent) => ({ kind: "alarm-action", event }),
};

const SNS_HINT =
  "Subscribe intake to the SNS topic your alarms notify; every message must be a CloudWatch alarm " +
  `notification (JSON text in Sns.Message); ${SAMPLES}.`;

const SNS_LAMBDA_EVENT: Shape = {
  label: "SNS alarm notification (Lambda event)",
  hint: SNS_HINT,
  schema: SnsAlarmLambdaEventSchema,
  wrap: (event: z.infer<typeof SnsAlarmLambdaEventSchema>) => ({
    kind: "sns-alarm",
    notifications: event.Records.map((record) => record.Sns),
  }),
};

const SNS_NOTIFICATION: Shape = {
  label: "SNS alarm notification",
  hint: SNS_HINT,
  schema: SnsAlarmNotificationSchema,
  wrap: (notification: SnsAlarmNotification) => ({ kind: "sns-alarm", notifications: [notification] }),
};

const ALARM_MESSAGE: Shape = {
  label: "CloudWatch alarm notification message",
  hint: SNS_HINT,
  schema: SnsAlarmMessageSchema,
  wrap: (message: SnsAlarmMessage) => ({ kind: "alarm-message", message }),
};

function validate(shape: Shape, input: unknown): ParseOutcome {
  const result = shape.schema.safeParse(input);
  if (!result.success)
    return { ok: false, error: fromZodError(result.error, shape.label, shape.hint, input) };
  return { ok: true, parsed: shape.wrap(result.data as never) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function has(value: Record<string, unknown>, key: string): boolean {
  return Object.hasOwn(value, key);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

function detectRecords(input: Record<string, unknown>): ParseOutcome {
  const records = input["Records"];
  const first: unknown = Array.isArray(records) ? records[0] : undefined;
  const source = isRecord(first) ? (first["EventSource"] ?? first["eventSource"]) : undefined;
  if (source === "aws:sns" || (isRecord(first) && has(first, "Sns")) || !Array.isArray(records)) {
    return validate(SNS_LAMBDA_EVENT, input);
  }
  if (records.length === 0) return validate(SNS_LAMBDA_EVENT, input);
  const from = typeof source === "string" ? source.slice(0, 64) : "an unknown source";
  return {
    ok: false,
    error: intakeError(
      "unsupported-event",
      `Lambda event records from ${from} are not an intake event`,
      "Intake takes SNS records carrying CloudWatch alarm notifications; for SQS, pass each record's body " +
        "(the EventBridge event or SNS notification) to intake.",
      [{ path: "$.Records[0].EventSource", message: `unsupported source ${from}` }],
    ),
  };
}

function detectEventBridge(input: Record<string, unknown>): ParseOutcome {
  const detailType = input["detail-type"];
  const shape = typeof detailType === "string" ? EVENTBRIDGE_SHAPES[detailType] : undefined;
  if (shape) return validate(shape, input);
  const name = typeof detailType === "string" ? `"${detailType.slice(0, 100)}"` : describe(detailType);
  const source = typeof input["source"] === "string" ? ` from ${String(input["source"]).slice(0, 64)}` : "";
  return {
    ok: false,
    error: intakeError(
      typeof detailType === "string" ? "unsupported-event" : "invalid-field",
      `EventBridge detail-type ${name}${source} is not an intake event`,
      `Route only ${Object.keys(EVENTBRIDGE_SHAPES).join(", ")} to intake (EventBridge rule pattern).`,
      [
        {
          path: '$["detail-type"]',
          message: `expected one of ${Object.keys(EVENTBRIDGE_SHAPES).join(", ")}`,
        },
      ],
    ),
  };
}

function detectObject(input: Record<string, unknown>): ParseOutcome {
  if (has(input, "Records")) return detectRecords(input);
  if (has(input, "detail-type")) return detectEventBridge(input);
  if (has(input, "alarmData")) return validate(ALARM_ACTION, input);
  if (has(input, "Message") && has(input, "MessageId")) return validate(SNS_NOTIFICATION, input);
  if (has(input, "AlarmName") && has(input, "NewStateValue")) return validate(ALARM_MESSAGE, input);
  return {
    ok: false,
    error: intakeError(
      "unrecognised-shape",
      "not a recognised event: none of Records, detail-type, alarmData, Message or AlarmName is present",
      `Send ${ACCEPTED}; ${SAMPLES}.`,
    ),
  };
}

/** Detects the shape of `input` (an object, or JSON text of one) and validates it. Never throws. */
export function parseAwsEvent(input: unknown): ParseOutcome {
  try {
    let value = input;
    if (typeof value === "string") {
      if (value.length > MAX_JSON_TEXT) {
        const message = `input text is ${value.length} characters; the limit is ${MAX_JSON_TEXT}`;
        return { ok: false, error: intakeError("too-large", message, `Send ${ACCEPTED}.`) };
      }
      try {
        value = JSON.parse(value);
      } catch (error) {
        const message = `input text is not JSON: ${(error as Error).message}`;
        return { ok: false, error: intakeError("invalid-json", message, `Send ${ACCEPTED} as JSON.`) };
      }
    }
    if (!isRecord(value)) {
      const message = `expected an event object, got ${describe(value)}`;
      return { ok: false, error: intakeError("unrecognised-shape", message, `Send ${ACCEPTED}.`) };
    }
    return detectObject(value);
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown error";
    return {
      ok: false,
      error: intakeError(
        "unreadable",
        `the input could not be read: ${reason}`,
        `Send plain JSON data: ${ACCEPTED}.`,
      ),
    };
  }
}
