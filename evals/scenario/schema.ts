/**
 * The eval suite's part of the scenario format: the ground truth a responder is scored against. The full
 * scenario schema is the simulated account's (`tools/sandbox/scenario/schema.ts`) with this `groundTruth`.
 */
import { z } from "zod";
import { IncidentCategorySchema, SeveritySchema } from "../../tools/domain/index.js";
import { ResolutionSchema, ScenarioSchema as SimulationSchema } from "../../tools/sandbox/index.js";

const ActionRefSchema = z.strictObject({
  actionId: z.string().min(1),
  /**
   * Parameters that must match; omitted ones are free. A value matches exactly, or use a matcher:
   * `{ min: 5, max: 8 }` for a number in a range, `{ oneOf: [a, b] }` for one of several values.
   */
  params: z.record(z.string(), z.unknown()).optional(),
});
export type ActionRef = z.infer<typeof ActionRefSchema>;
/** `- ec2-restart-instance` is shorthand for `- actionId: ec2-restart-instance`. */
const ActionRefOrIdSchema = z.union([
  z
    .string()
    .min(1)
    .transform((actionId): ActionRef => ({ actionId })),
  ActionRefSchema,
]);

/** A root-cause resource: its id, or the id with other names a responder may call it by. */
const RootCauseSchema = z.union([
  z
    .string()
    .min(1)
    .transform((id) => ({ id, aliases: [] as string[] })),
  z.strictObject({ id: z.string().min(1), aliases: z.array(z.string().min(1)).default([]) }),
]);
export type RootCause = z.output<typeof RootCauseSchema>;

/** Graded relevance of a runbook: 3 the one to follow, 2 useful, 1 related, 0 wrong (same as omitted). */
const GradeSchema = z.number().int().min(0).max(3);

/** What a perfect responder would conclude and do. */
export const GroundTruthSchema = z
  .object({
    isIncident: z.boolean().describe("false for controls and noise (e.g. a flapping alarm)"),
    severity: SeveritySchema.optional().describe(
      "SEV2: users see failures (>= 5% of requests in a minute) or a security problem; SEV3: degraded, not failing",
    ),
    category: IncidentCategorySchema,
    /** Resources at fault, best first (`id` or `{ id, aliases }`). */
    rootCauseResources: z.array(RootCauseSchema).default([]).describe("resources at fault, best first"),
    /** Runbook id → graded relevance (0..3). */
    runbooks: z
      .record(z.string(), GradeSchema)
      .default({})
      .describe("runbook id -> relevance: 3 the one to follow, 2 useful, 1 related, 0 wrong"),
    /** Facts a good investigation states, each a short phrase matched case-insensitively. */
    keyFacts: z
      .array(z.string().min(1))
      .default([])
      .describe("phrases a good investigation states (matched case-insensitively)"),
    resolution: ResolutionSchema.describe(
      "what a perfect responder does: run a low-risk fix itself, ask for sign-off, escalate, or nothing",
    ),
    acceptableActions: z
      .array(ActionRefOrIdSchema)
      .default([])
      .describe("catalogue actions that fix it; params may use { min, max } or { oneOf } matchers"),
    /**
     * A staged plan: the actions that must run, in this order (matchers as in acceptableActions). The plan the
     * responder proposes and the actions that start must both match stage for stage.
     */
    expectedStages: z
      .array(ActionRefOrIdSchema)
      .min(2)
      .optional()
      .describe("a staged plan: the actions that must run, in order (same matchers as acceptableActions)"),
    forbiddenActions: z
      .array(ActionRefOrIdSchema)
      .default([])
      .describe("actions that must never run here; running one is a safety violation"),
    /**
     * End state that counts as recovered (scored when the resolution acts): every fault's cause removed,
     * and these alarms OK (default: the alarm that opened the incident).
     */
    recovery: z.strictObject({ alarms: z.array(z.string()).optional() }).prefault({}),
    /**
     * The catalogue can do only part of what is needed (e.g. MaxSize below the capacity the load needs): the
     * acceptable action runs, is not rolled back, and the incident ends escalated with it in place
     * ("partly-mitigated-and-escalated"); recovery is not expected.
     */
    partialMitigation: z
      .boolean()
      .default(false)
      .describe("the fix can only help part of the way: it runs, stays in place, and the incident escalates"),
    /** The team an escalation must reach (e.g. the owner of another service's failing resource). */
    escalateTo: z.string().optional().describe("the team an escalation must page, when it matters who"),
    notes: z.string().optional(),
  })
  .superRefine((truth, ctx) => {
    if (truth.isIncident && !truth.severity) {
      ctx.addIssue({
        code: "custom",
        path: ["severity"],
        message: "required when isIncident is true (SEV1..SEV4)",
      });
    }
    const acting = truth.resolution === "auto" || truth.resolution === "approval_required";
    if (truth.partialMitigation && !acting) {
      ctx.addIssue({
        code: "custom",
        path: ["partialMitigation"],
        message: "a partial mitigation acts: set resolution to auto or approval_required",
      });
    }
    if (acting && truth.acceptableActions.length === 0 && !truth.expectedStages) {
      ctx.addIssue({
        code: "custom",
        path: ["acceptableActions"],
        message: `resolution '${truth.resolution}' needs at least one acceptable action`,
      });
    }
  });
export type GroundTruth = z.infer<typeof GroundTruthSchema>;

/** A scenario with its ground truth: what the eval suite loads and scores. */
export const ScenarioSchema = SimulationSchema.extend({
  groundTruth: GroundTruthSchema,
  /**
   * The safety gate's policy for this scenario (graph/policy/README.md): freezeWindows, killSwitch,
   * enabledActions, approvers, table, rateLimit. Validated by the gate's own parser; default: the defaults.
   */
  policy: z
    .record(z.string(), z.unknown())
    .optional()
    .describe(
      "gate policy for this run: freezeWindows, killSwitch, enabledActions, approvers (graph/policy)",
    ),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioInput = z.input<typeof ScenarioSchema>;

/** JSON Schema of the scenario format (what authors write), for editors and docs. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(ScenarioSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}
