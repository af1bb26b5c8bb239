import { z } from "zod";
import { IncidentCategorySchema, SeveritySchema } from "../../tools/domain/category.js";

export {
  type IncidentCategory,
  IncidentCategorySchema,
  type Severity,
  SeveritySchema,
} from "../../tools/domain/category.js";

/** The triage agent's verdict: is this real, how bad, what kind, where. */
export const TriageSchema = z.object({
  isIncident: z.boolean().describe("false when the alarm already recovered or is noise"),
  severity: SeveritySchema,
  category: IncidentCategorySchema,
  service: z.string().describe("the affected service"),
  suspectedResources: z.array(z.string()).describe("resource ids most likely at fault, best first"),
  /** Recent changes on the service (ids), newest first. */
  recentChanges: z.array(z.string()).default([]),
  /**
   * Evidence on one of the service's own resources (an unhealthy instance, a throttling table, a full database
   * or disk) that names the problem; it outranks a generic "dependency" reading of the logs.
   */
  specificFinding: z.string().optional(),
  /** A third-party dependency that looks at fault, if any. */
  externalDependency: z.string().optional(),
  /** A resource of another service (called by this one) that is failing with our symptoms: the likely root cause. */
  crossService: z
    .object({
      service: z.string(),
      resource: z.string(),
      team: z.string().describe("the owning team, who gets the escalation"),
      evidence: z.string(),
    })
    .optional(),
  hypothesis: z.string().describe("one or two sentences: what is wrong and why you think so"),
  signals: z
    .array(
      z.object({
        metric: z.string(),
        latest: z.number(),
        threshold: z.number().optional(),
        note: z.string(),
      }),
    )
    .default([]),
});
export type Triage = z.infer<typeof TriageSchema>;
