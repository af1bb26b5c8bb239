/**
 * EventBridge events that give context to an incident but never open one: EC2 instance state changes,
 * ECS deployment state changes and AWS Health events.
 */
import { z } from "zod";
import { eventBridgeEvent, IdSchema, LIMITS, TextSchema, TimeSchema } from "./common.js";

/** `EC2 Instance State-change Notification`. AWS's own sample has a leading space in the id: trimmed. */
export const Ec2StateChangeEventSchema = eventBridgeEvent(
  "aws.ec2",
  "EC2 Instance State-change Notification",
  z.object({
    "instance-id": z
      .string()
      .max(LIMITS.name)
      .transform((id) => id.trim())
      .pipe(z.string().min(1)),
    state: z.string().min(1).max(64),
  }),
);
export type Ec2StateChangeEvent = z.infer<typeof Ec2StateChangeEventSchema>;

/** `ECS Deployment State Change`. */
export const EcsDeploymentEventSchema = eventBridgeEvent(
  "aws.ecs",
  "ECS Deployment State Change",
  z.object({
    eventType: z.string().max(64),
    eventName: z.string().min(1).max(LIMITS.name),
    deploymentId: IdSchema,
    updatedAt: TimeSchema.optional(),
    reason: TextSchema.default(""),
  }),
);
export type EcsDeploymentEvent = z.infer<typeof EcsDeploymentEventSchema>;

/** `AWS Health Event`. Its own times are RFC-1123 (`Fri, 10 Jun 2022 05:01:10 GMT`); parsed to ISO. */
export const HealthEventSchema = eventBridgeEvent(
  "aws.health",
  "AWS Health Event",
  z.object({
    eventArn: IdSchema,
    service: z.string().max(LIMITS.name),
    eventTypeCode: z.string().min(1).max(LIMITS.name),
    eventTypeCategory: z.string().max(LIMITS.name),
    eventScopeCode: z.string().max(LIMITS.name).optional(),
    statusCode: z.string().max(64).optional(),
    startTime: TimeSchema.optional(),
    endTime: TimeSchema.optional(),
    lastUpdatedTime: TimeSchema.optional(),
    eventRegion: z.string().max(64).optional(),
    eventDescription: z
      .array(z.object({ language: z.string().max(64).optional(), latestDescription: TextSchema }))
      .max(LIMITS.items)
      .default([]),
    affectedEntities: z
      .array(
        z.object({
          entityValue: IdSchema,
          lastUpdatedTime: TimeSchema.optional(),
          status: z.string().max(64).optional(),
        }),
      )
      .max(LIMITS.items)
      .default([]),
    affectedAccount: z.string().max(64).optional(),
    actionability: z.string().max(LIMITS.name).optional(),
  }),
);
export type HealthEvent = z.infer<typeof HealthEventSchema>;
