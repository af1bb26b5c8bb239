import { z } from "zod";

/** Which reasoner decided a step. */
export const ReasonerNameSchema = z.enum(["model", "rules"]);
export type ReasonerName = z.infer<typeof ReasonerNameSchema>;

/** A model was configured but its answer was not used; the rules decided instead. */
export const ModelFallbackSchema = z.object({
  /** `unreachable`: the call failed (credentials, region, access, network); `invalid-answer`: bad schema. */
  kind: z.enum(["unreachable", "invalid-answer"]),
  reason: z.string(),
});
export type ModelFallback = z.infer<typeof ModelFallbackSchema>;

/** One line of the incident's story, as the timeline and the report show it. */
export const TimelineEntrySchema = z.object({
  time: z.string(),
  node: z.string(),
  summary: z.string(),
  detail: z.string().optional(),
  /** Which reasoner decided this step (agents and the supervisor only). */
  reasoner: ReasonerNameSchema.optional(),
  /** Set when a model was configured but the rules decided this step. */
  modelFallback: ModelFallbackSchema.optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;

/** The first step whose model could not be reached, if any: the CLI warns once about it. */
export function firstUnreachable(timeline: readonly TimelineEntry[]): TimelineEntry | undefined {
  return timeline.find((e) => e.modelFallback?.kind === "unreachable");
}
