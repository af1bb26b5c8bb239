import { z } from "zod";

/** Kinds of incident: shared by triage, runbooks, scenarios and outcome signatures. */
export const IncidentCategorySchema = z.enum([
  "deployment",
  "memory",
  "disk",
  "capacity",
  "dependency",
  "configuration",
  "database",
  "throttling",
  "security",
  "availability",
  "unknown",
]);
export type IncidentCategory = z.infer<typeof IncidentCategorySchema>;
