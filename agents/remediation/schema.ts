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
  /**
   * Set when the action can do only part of what the evidence says is needed (e.g. the group's MaxSize is
   * below the capacity the load needs): a partial mitigation. If it does not fully recover, the incident is
   * escalated with the action left in place and this said.
   */
  shortfall: z
    .object({
      needed: z.number().describe("what the evidence says is needed, e.g. instances"),
      planned: z.number().describe("what this action does"),
      left: z.string().describe("what is left for people, in one sentence"),
    })
    .optional(),
});
export type RemediationPlan = z.infer<typeof RemediationPlanSchema>;
