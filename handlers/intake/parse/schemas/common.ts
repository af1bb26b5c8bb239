/** Building blocks shared by the event schemas: bounded strings, flexible timestamps, the EventBridge envelope. */
import { EventBridgeSchema } from "@aws-lambda-powertools/parser/schemas/eventbridge";
import { z } from "zod";
import { toIsoTime } from "../time.js";

/** Upper bounds that keep hostile input cheap; real AWS events sit far below them. */
export const LIMITS = {
  /** CloudWatch alarm names are at most 255 characters. */
  name: 255,
  /** Ids, ARNs, dimension values, tag values. */
  id: 2048,
  /** Reasons, descriptions, expressions: long free text. */
  text: 64 * 1024,
  /** SNS's maximum message size. */
  message: 256 * 1024,
  /** Elements in any array (metrics, records, resources...). */
  items: 100,
} as const;

export const NameSchema = z.string().min(1).max(LIMITS.name);
export const IdSchema = z.string().max(LIMITS.id);
export const TextSchema = z.string().max(LIMITS.text);

/** A string → string map (dimensions, tags) of bounded size. */
export const StringMapSchema = z
  .record(IdSchema, IdSchema)
  .refine((value) => Object.keys(value).length <= LIMITS.items, `at most ${LIMITS.items} entries`);

/** ISO-8601 (`Z`, `+00:00` or CloudWatch's `+0000`) or RFC-1123 text, normalised to ISO-8601 UTC. */
export const TimeSchema = z
  .string()
  .max(64)
  .transform((text, ctx) => {
    const iso = toIsoTime(text);
    if (iso === undefined) {
      ctx.addIssue({
        code: "custom",
        message:
          "not a timestamp: expected ISO-8601 (2019-10-02T17:04:40.989+0000) or RFC-1123 (Fri, 10 Jun 2022 05:01:10 GMT)",
      });
      return z.NEVER;
    }
    return iso;
  });

/**
 * Powertools' EventBridge envelope, relaxed where AWS's own documentation samples differ from live events:
 * `version` and `resources` are optional (the EC2 guide sample has no version, a Health sample no resources).
 */
export const EventBridgeEnvelopeSchema = EventBridgeSchema.extend({
  version: z.string().max(16).optional(),
  id: z.string().min(1).max(LIMITS.id),
  account: z.string().min(1).max(64),
  region: z.string().min(1).max(64),
  source: z.string().max(LIMITS.id),
  "detail-type": z.string().max(LIMITS.id),
  resources: z.array(IdSchema).max(LIMITS.items).default([]),
});

/** Builds an EventBridge schema for one source and detail-type with its detail schema. */
export function eventBridgeEvent<D extends z.ZodType>(source: string, detailType: string, detail: D) {
  return EventBridgeEnvelopeSchema.extend({
    source: z.literal(source),
    "detail-type": z.literal(detailType),
    detail,
  });
}
