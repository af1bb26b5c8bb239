import { z } from "zod";

/** One line of the incident's story, as the timeline and the report show it. */
export const TimelineEntrySchema = z.object({
  time: z.string(),
  node: z.string(),
  summary: z.string(),
  detail: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
