import { z } from "zod";

/** Where the supervisor can send the incident next. */
export const SUPERVISOR_TARGETS = [
  "triage",
  "log-analysis",
  "runbook-retrieval",
  "remediation",
  "safety-gate",
  "escalate",
  "record",
] as const;
export const SupervisorTargetSchema = z.enum(SUPERVISOR_TARGETS);
export type SupervisorTarget = z.infer<typeof SupervisorTargetSchema>;

export const SupervisorChoiceSchema = z.object({
  next: SupervisorTargetSchema,
  reason: z.string(),
});
export type SupervisorChoice = z.infer<typeof SupervisorChoiceSchema>;
