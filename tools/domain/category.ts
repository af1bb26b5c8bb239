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

/** How bad an incident is: SEV1 (worst) to SEV4. */
export const SeveritySchema = z.enum(["SEV1", "SEV2", "SEV3", "SEV4"]);
export type Severity = z.infer<typeof SeveritySchema>;
