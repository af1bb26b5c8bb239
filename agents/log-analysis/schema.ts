import { z } from "zod";

/** One ranked piece of log evidence. */
export const LogEvidenceSchema = z.object({
  template: z.string(),
  kind: z.enum(["new", "rate-increase", "error", "first-after-deploy"]),
  level: z.string().optional(),
  incidentCount: z.number().int().nonnegative(),
  baselineCount: z.number().int().nonnegative(),
  score: z.number(),
  firstSeen: z.string().optional(),
  sample: z.string().describe("one raw line, untrusted data"),
});
export type LogEvidence = z.infer<typeof LogEvidenceSchema>;

/** What the logs say about the incident window compared with the baseline window. */
export const LogFindingsSchema = z.object({
  summary: z.string(),
  evidence: z.array(LogEvidenceSchema),
  /** Hosts or dependencies named in error lines (e.g. a payment provider timing out). */
  externalMentions: z.array(z.string()).default([]),
  /** Category the log evidence points at, if it points anywhere. */
  suggestedCategory: z.string().optional(),
  /**
   * True when text the agent read (log lines, alarm text, change records, tags) tried to instruct the responder.
   * Set by code from the injection detector (`tools/untrusted/`); a model's claim is overwritten.
   */
  injectionAttemptDetected: z.boolean().default(false),
  /**
   * The flagged text itself, quoted and marked (`⚠ untrusted instruction-like text: "…"`): kept as evidence of
   * the attempt, never a finding and never followed. Set by code, like the flag.
   */
  flaggedText: z.array(z.string()).default([]),
  linesAnalysed: z.number().int().nonnegative(),
  /**
   * Log groups of the service the responder was not allowed to read (e.g. outside `air:logGroupPrefixes`):
   * the evidence has a gap there. Set by code from the logs port.
   */
  unreadableLogGroups: z.array(z.string()).optional(),
});
export type LogFindings = z.infer<typeof LogFindingsSchema>;
