import { z } from "zod";
import { ApproverIdentitySchema } from "./identity.js";

const Threshold = z.number().min(0).max(1).nullable();

/** One row of the gate table: run on its own at ≥ autoAt, ask a human at ≥ approveAt, else escalate. */
const GateRowSchema = z.object({ autoAt: Threshold, approveAt: Threshold });
/** Medium risk and above never run without an authenticated human accept: `autoAt` must be null. */
const SignOffRowSchema = z.object({
  autoAt: z.null({ error: "medium, high and critical actions never run on their own; set autoAt: null" }),
  approveAt: Threshold,
});

/** A change freeze: ISO-8601 datetimes with a zone, end after start. Checked at load, never skipped. */
const FreezeWindowSchema = z
  .object({
    start: z.iso.datetime({ offset: true, error: "an ISO-8601 datetime like 2026-12-24T00:00:00Z" }),
    end: z.iso.datetime({ offset: true, error: "an ISO-8601 datetime like 2026-12-27T00:00:00Z" }),
    reason: z.string().min(1),
  })
  .refine((w) => Date.parse(w.end) > Date.parse(w.start), {
    path: ["end"],
    error: "must be after start",
  });

const ApproverListSchema = z.array(ApproverIdentitySchema);

/**
 * Who may sign off, as authenticated identities (never names), per risk level. A plain list applies to
 * every risk. An empty list means any authenticated identity.
 */
const ApproversSchema = z
  .union([
    ApproverListSchema,
    z.object({
      low: ApproverListSchema.default([]),
      medium: ApproverListSchema.default([]),
      high: ApproverListSchema.default([]),
      critical: ApproverListSchema.default([]),
    }),
  ])
  .transform((value) =>
    Array.isArray(value) ? { low: value, medium: value, high: value, critical: value } : value,
  );

/** The safety policy an SRE configures. Risk always comes from the action catalogue. */
export const GatePolicySchema = z.object({
  /** Stops every action: the gate escalates instead, and execute re-checks it right before acting. */
  killSwitch: z.boolean().default(false),
  /** Risk × confidence table; null means "never" for that outcome. */
  table: z
    .object({
      low: GateRowSchema,
      medium: SignOffRowSchema,
      high: SignOffRowSchema,
      critical: SignOffRowSchema,
    })
    .default({
      low: { autoAt: 0.7, approveAt: 0.4 },
      medium: { autoAt: null, approveAt: 0.5 },
      high: { autoAt: null, approveAt: 0.75 },
      critical: { autoAt: null, approveAt: null },
    }),
  /** Change freezes: no automatic action inside them, only with sign-off. */
  freezeWindows: z.array(FreezeWindowSchema).default([]),
  /** Per-resource rate limit: at most maxActions on one resource (or its group) within windowMinutes. */
  rateLimit: z
    .object({ windowMinutes: z.number().int().positive(), maxActions: z.number().int().nonnegative() })
    .default({ windowMinutes: 60, maxActions: 1 }),
  /** Catalogue actions this deployment allows; empty means all of them. */
  enabledActions: z.array(z.string()).default([]),
  /**
   * Estimated added cost (USD per hour, us-east-1 on-demand list prices) above which an action needs sign-off
   * even when the table would let it run on its own. An unknown estimate counts as over. The default of $5/h
   * (about $3,650 a month if left in place) lets routine mitigations run unattended (a few extra instances, a
   * throttled table's capacity) and asks a human before anything that changes the bill materially.
   */
  costCeilingUsdPerHour: z.number().nonnegative().default(5),
  /**
   * Staged plans: `stage` (default) asks for sign-off at every stage the gate puts to a human; `plan` lets one
   * sign-off cover the later stages the approver was shown, as they were shown (a stage that changed, or
   * whose risk is above what the approver may sign, asks again). The gate still judges every stage.
   */
  planApproval: z.enum(["stage", "plan"]).default("stage"),
  /** Authenticated identities who may sign off, per risk (`iam:`, `oidc:`, `os-user:`, `link:` subjects). */
  approvers: ApproversSchema.prefault([]),
});
export type GatePolicy = z.infer<typeof GatePolicySchema>;
export type GatePolicyInput = z.input<typeof GatePolicySchema>;

/** A policy that cannot be used: every problem with its field and what to do. Refuse to start on it. */
export class GatePolicyError extends Error {
  override name = "GatePolicyError";
}

/** Validates a policy; throws GatePolicyError naming the source, each field and the reason. */
export function parseGatePolicy(input: unknown, source = "gate policy"): GatePolicy {
  const parsed = GatePolicySchema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(top level)"}: ${i.message}`);
  throw new GatePolicyError(
    `${source} is invalid; the responder will not start on it:\n${lines.join("\n")}\n` +
      "The format is documented in graph/policy/README.md.",
  );
}

export function defaultGatePolicy(overrides: GatePolicyInput = {}): GatePolicy {
  return parseGatePolicy(overrides);
}
