import { z } from "zod";

const Threshold = z.number().min(0).max(1).nullable();

/** One row of the gate table: run on its own at ≥ autoAt, ask a human at ≥ approveAt, else escalate. */
const GateRowSchema = z.object({ autoAt: Threshold, approveAt: Threshold });

/** The safety policy an SRE configures. Risk always comes from the action catalogue. */
export const GatePolicySchema = z.object({
  /** Stops every action: the gate escalates instead. */
  killSwitch: z.boolean().default(false),
  /** Risk × confidence table; null means "never" for that outcome. */
  table: z
    .object({ low: GateRowSchema, medium: GateRowSchema, high: GateRowSchema, critical: GateRowSchema })
    .default({
      low: { autoAt: 0.7, approveAt: 0.4 },
      medium: { autoAt: null, approveAt: 0.5 },
      high: { autoAt: null, approveAt: 0.75 },
      critical: { autoAt: null, approveAt: null },
    }),
  /** Change freezes: no automatic action inside them, only with sign-off. */
  freezeWindows: z.array(z.object({ start: z.string(), end: z.string(), reason: z.string() })).default([]),
  /** Per-resource rate limit: at most maxActions on one resource (or its group) within windowMinutes. */
  rateLimit: z
    .object({ windowMinutes: z.number().int().positive(), maxActions: z.number().int().nonnegative() })
    .default({ windowMinutes: 60, maxActions: 1 }),
  /** Catalogue actions this deployment allows; empty means all of them. */
  enabledActions: z.array(z.string()).default([]),
  /** People who may sign off. Empty means anyone who holds a valid approval token. */
  approvers: z.array(z.string()).default([]),
});
export type GatePolicy = z.infer<typeof GatePolicySchema>;
export type GatePolicyInput = z.input<typeof GatePolicySchema>;

export function defaultGatePolicy(overrides: GatePolicyInput = {}): GatePolicy {
  return GatePolicySchema.parse(overrides);
}
