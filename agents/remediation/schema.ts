import { z } from "zod";

/**
 * The remediation agent's proposal. It is only a proposal: the safety gate looks the action up in
 * the catalogue, validates the parameters, takes risk from the catalogue and computes confidence itself.
 */
export const RemediationPlanSchema = z.object({
  kind: z.enum(["action", "no-action", "escalate"]),
  actionId: z.string().optional().describe("an id from the action catalogue, when kind is action"),
  params: z.record(z.string(), z.unknown()).optional(),
  runbookId: z.string().optional(),
  rationale: z.string(),
  /** Team to page when escalating. */
  escalateTo: z.string().optional(),
});
export type RemediationPlan = z.infer<typeof RemediationPlanSchema>;
