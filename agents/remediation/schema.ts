import { z } from "zod";
import { StageCheckSchema } from "../../knowledge/retrieval/types.js";

/**
 * One stage of a staged plan: a catalogue action with fully resolved parameters, how it is checked and what
 * happens if it fails. Parameters of later stages are resolved when the plan is made, against the target as
 * the earlier stages will leave it, so a human approving the plan sees every stage exactly as it will run;
 * the gate still judges each stage against the target as it really is when the stage starts.
 */
export const PlanStageSchema = z
  .object({
    actionId: z.string(),
    params: z.record(z.string(), z.unknown()),
    /** The resource the stage changes (the catalogue's `targetOf` the parameters). */
    target: z.string(),
    /** Why this stage, in words (the runbook's `when`). */
    why: z.string().optional(),
  })
  .extend(StageCheckSchema.shape);
export type PlanStage = z.infer<typeof PlanStageSchema>;

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
  /**
   * A staged plan: the ordered stages, the first being `actionId`/`params`. Each stage is gated, executed and
   * verified in turn; a failed stage is rolled back (with the earlier ones, newest first, when its rule says
   * so) and the incident escalated.
   */
  stages: z.array(PlanStageSchema).min(2).max(5).optional(),
  /** What "mitigated" means for the whole plan, in words (the runbook's verification). */
  goal: z.string().optional(),
  shortfall: z
    .object({
      needed: z.number().describe("what the evidence says is needed, e.g. instances"),
      planned: z.number().describe("what this action does"),
      left: z.string().describe("what is left for people, in one sentence"),
    })
    .optional(),
});
export type RemediationPlan = z.infer<typeof RemediationPlanSchema>;
