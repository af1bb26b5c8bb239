import { z } from "zod";
import { CostEstimateSchema } from "../../knowledge/actions/cost.js";
import { RiskSchema } from "../../knowledge/actions/types.js";

export const GateOutcomeSchema = z.enum(["auto", "approve", "escalate", "none"]);
export type GateOutcome = z.infer<typeof GateOutcomeSchema>;

/** The confidence factors, each in [0, 1], and the weighted value (see confidence.ts for the formula). */
export const ConfidenceSchema = z.object({
  value: z.number().min(0).max(1),
  factors: z.object({
    agreement: z.number().min(0).max(1),
    retrieval: z.number().min(0).max(1),
    history: z.number().min(0).max(1),
    completeness: z.number().min(0).max(1),
  }),
});
export type Confidence = z.infer<typeof ConfidenceSchema>;

/** The safety gate's decision, with every reason that shaped it. */
export const GateDecisionSchema = z.object({
  outcome: GateOutcomeSchema,
  actionId: z.string().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  target: z.string().optional(),
  risk: RiskSchema.optional(),
  confidence: ConfidenceSchema.optional(),
  blastRadius: z
    .object({ allowed: z.boolean(), reason: z.string(), affected: z.array(z.string()) })
    .optional(),
  /** Estimated added cost of the action (bundled us-east-1 on-demand list prices). */
  cost: CostEstimateSchema.optional(),
  /** Every rule that fired, in order, in words. */
  reasons: z.array(z.string()),
  /** How many times the gate has been asked on this incident (an edit goes back through it). */
  round: z.number().int().positive(),
  /** The change freeze in force when the gate decided, if any: a sign-off given outside one does not carry into one. */
  freeze: z.string().optional(),
  /** When this round judges an approver's narrowing edit: the request round the edit answered. */
  signedOffInRound: z.number().int().positive().optional(),
  /** Staged plans: this stage's sign-off is the plan sign-off given in that round (policy `planApproval: plan`). */
  planApprovalRound: z.number().int().positive().optional(),
});
export type GateDecision = z.infer<typeof GateDecisionSchema>;
