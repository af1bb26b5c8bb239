import { z } from "zod";
import { AlertSchema } from "./alert.js";

export const IncidentStatusSchema = z.enum([
  "open",
  "mitigating",
  "awaiting-approval",
  "resolved",
  "escalated",
]);
export type IncidentStatus = z.infer<typeof IncidentStatusSchema>;

/** One real problem, however many alerts it produced. Its id is the graph's thread id. */
export const IncidentSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/, "letters, digits and . _ : - only (it is a thread id)"),
  title: z.string(),
  service: z.string().optional(),
  openedAt: z.string(),
  status: IncidentStatusSchema.default("open"),
  /** True when the alarm went ALARM → OK → ALARM inside the flapping window. */
  flapping: z.boolean().default(false),
  /** Every alert attached to the incident, the first one first. */
  alerts: z.array(AlertSchema).min(1),
});
export type Incident = z.infer<typeof IncidentSchema>;
export type IncidentInput = z.input<typeof IncidentSchema>;
