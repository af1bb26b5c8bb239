import { ReducedValue, StateSchema } from "@langchain/langgraph";
import { z } from "zod";
import { LogFindingsSchema } from "../agents/log-analysis/schema.js";
import { RemediationPlanSchema } from "../agents/remediation/schema.js";
import { RunbookCandidatesSchema } from "../agents/runbook-retrieval/schema.js";
import { CostSchema, addCost as sumCost, zeroCost } from "../agents/shared/cost.js";
import { TimelineEntrySchema } from "../agents/shared/timeline.js";
import { TriageSchema } from "../agents/triage/schema.js";
import { IncidentSchema, ResourceDescriptionSchema } from "../tools/domain/index.js";
import { GateDecisionSchema } from "./policy/schema.js";

/** A human's answer to an approval request (Agent Inbox response, normalised). */
export const ApprovalSchema = z.object({
  decision: z.enum(["accept", "reject", "edit"]),
  by: z.string(),
  at: z.string(),
  comment: z.string().optional(),
  /** The replacement action when decision is edit; it goes back through the gate. */
  edited: z.object({ actionId: z.string(), params: z.record(z.string(), z.unknown()) }).optional(),
  /** The signed approval (graph/policy/approval-proof.ts) that authenticates an accept or edit. */
  proof: z.string().optional(),
  /** The authenticated identity the proof names (`by` is only what was shown). */
  identity: z.string().optional(),
  /** True when an edit asked for no more than the request (same action and target, a smaller change). */
  narrowing: z.boolean().optional(),
});
export type Approval = z.infer<typeof ApprovalSchema>;

/** The claim `claim-action` checkpoints before the side effect: what will run, and the target as it was. */
export const ClaimSchema = z.object({
  actionId: z.string(),
  params: z.record(z.string(), z.unknown()),
  target: z.string(),
  /** The gate round this claim executes. */
  round: z.number().int().positive(),
  claimedAt: z.string(),
  /** The rollback snapshot, taken before the action started. */
  before: ResourceDescriptionSchema.optional(),
});
export type Claim = z.infer<typeof ClaimSchema>;

/** One action the responder ran (the fix, or its rollback). */
export const ExecutionSchema = z.object({
  actionId: z.string(),
  params: z.record(z.string(), z.unknown()),
  target: z.string(),
  clientToken: z.string(),
  executionId: z.string(),
  status: z.string(),
  startedAt: z.string(),
  endedAt: z.string().optional(),
  /** The target as it was before the action, for rollback and the report. */
  before: ResourceDescriptionSchema.optional(),
  /** Status polls done so far; the polling survives across invocations. */
  polls: z.number().int().optional(),
  /** When the status was last read (the start counts), so the next poll is due a poll interval later. */
  polledAt: z.string().optional(),
  /** When the responder stops waiting and calls the action timed out. */
  giveUpAt: z.string().optional(),
});
export type Execution = z.infer<typeof ExecutionSchema>;

export const VerificationSchema = z.object({
  recovered: z.boolean(),
  signal: z.string(),
  /** The last values watched, oldest first. */
  observed: z.array(z.number()),
  threshold: z.number(),
  waitedMinutes: z.number(),
  reason: z.string(),
  /** False when the watched signals were already good before the action: a no-op, never counted a success. */
  badBeforeAction: z.boolean().optional(),
  /**
   * For a verification that did not recover: the signal before the action against the last values watched.
   * Only "worse" is rolled back; "improved" and "unchanged" escalate with the action left in place.
   */
  trend: z.enum(["improved", "unchanged", "worse"]).optional(),
});
export type Verification = z.infer<typeof VerificationSchema>;

/** How far verification got, so a later invocation continues the same window minute by minute. */
export const WatchProgressSchema = z.object({
  /** The execution being verified; progress of another execution is ignored. */
  executionId: z.string(),
  /** When the verification window opened. */
  windowStart: z.string(),
  /** Minutes of the window already checked. */
  minute: z.number().int(),
  /** The main signal's last values at the last check. */
  observed: z.array(z.number()),
  /** Index of the signal that was still failing at the last check. */
  failing: z.number().int(),
});
export type WatchProgress = z.infer<typeof WatchProgressSchema>;

/** Nodes that continue a wait after a wake-up. */
export const WAKE_NODES = ["await-action", "await-rollback", "verify", "unwind"] as const;

/** A wait that outlasts the invocation: the run checkpoints and asks to be woken at `at`. */
export const WakeupSchema = z.object({
  /** When to continue (ISO time on the ports clock). */
  at: z.string(),
  /** The node that continues the wait. */
  node: z.enum(WAKE_NODES),
  /** What is being waited for, for logs and the timeline. */
  reason: z.string(),
});
export type Wakeup = z.infer<typeof WakeupSchema>;

/** One stage of a staged plan that ran: what it did, how it was judged and checked, and its undo if any. */
export const StageResultSchema = z.object({
  /** Position in `plan.stages`, from 0. */
  index: z.number().int().nonnegative(),
  actionId: z.string(),
  params: z.record(z.string(), z.unknown()),
  target: z.string(),
  gate: z.object({
    outcome: z.string(),
    round: z.number().int().positive(),
    risk: z.string().optional(),
    /** Who signed this stage off, when a human did (or whose plan sign-off covered it). */
    signedOffBy: z.string().optional(),
  }),
  /** The read-only pre-check run when the stage was reached: "passed", or why it failed. */
  preCheck: z.string().optional(),
  execution: ExecutionSchema,
  verification: VerificationSchema.optional(),
  /** The rollback that undid this stage after a later stage failed. */
  rolledBack: ExecutionSchema.optional(),
});
export type StageResult = z.infer<typeof StageResultSchema>;

/**
 * A sign-off that covers the rest of a staged plan (policy `planApproval: plan`): the signed approval of the
 * stage it answered, bound to the hash of the stages the approver was shown.
 */
export const PlanApprovalSchema = z.object({
  identity: z.string(),
  proof: z.string().optional(),
  /** The gate round (and stage) the approval answered. */
  round: z.number().int().positive(),
  stageIndex: z.number().int().nonnegative(),
  actionId: z.string(),
  params: z.record(z.string(), z.unknown()),
  /** Hash of `plan.stages` from `stageIndex` on, as shown in the request. */
  planHash: z.string(),
  /** When it was accepted: the proof is checked as of then (it was valid then; the plan binds it). */
  at: z.string(),
});
export type PlanApproval = z.infer<typeof PlanApprovalSchema>;

export const OutcomeSchema = z.enum([
  "resolved-automatically",
  "resolved-after-approval",
  "escalated",
  "rolled-back-and-escalated",
  /** The action helped but could not fully recover the signal; it stays in place and people take over. */
  "partly-mitigated-and-escalated",
  "no-action-needed",
  "not-an-incident",
]);
export type Outcome = z.infer<typeof OutcomeSchema>;

const appendTimeline = new ReducedValue(
  z.array(TimelineEntrySchema).default(() => []),
  {
    inputSchema: z.union([TimelineEntrySchema, z.array(TimelineEntrySchema)]),
    reducer: (current, next) => current.concat(next),
  },
);

const addCost = new ReducedValue(CostSchema.default(zeroCost), {
  inputSchema: CostSchema,
  reducer: sumCost,
});

const countSteps = new ReducedValue(z.number().int().default(0), {
  inputSchema: z.number().int(),
  reducer: (a, b) => a + b,
});

/** The one state of the incident graph. Thread id = incident id. */
export const IncidentState = new StateSchema({
  /** The incident being worked: its alerts, service and status at intake. */
  incident: IncidentSchema,
  /** Triage verdict: real or not, severity, category, suspected resources. */
  assessment: TriageSchema.optional(),
  /** Ranked log evidence from the incident window against the baseline. */
  logFindings: LogFindingsSchema.optional(),
  /** Runbooks retrieved for the incident, or an explicit "nothing relevant". */
  runbooks: RunbookCandidatesSchema.optional(),
  /** The remediation agent's proposal (a proposal only; the gate decides). */
  plan: RemediationPlanSchema.optional(),
  /** The safety gate's decision with its reasons, risk, confidence and blast radius. */
  gate: GateDecisionSchema.optional(),
  /** The human's answer to the approval request, when one was needed. */
  humanDecision: ApprovalSchema.optional(),
  /** The pending-action claim and rollback snapshot, checkpointed before the action starts. */
  claim: ClaimSchema.optional(),
  /** The action that ran, with its idempotency token and the target's prior state. */
  execution: ExecutionSchema.optional(),
  /** Verification progress while the window is still open. */
  watch: WatchProgressSchema.optional(),
  /** The last wake-up the graph asked for (the `wait` node pauses on it). */
  wakeup: WakeupSchema.optional(),
  /** Whether the named signal recovered after the action. */
  verification: VerificationSchema.optional(),
  /** The rollback that ran after a failed verification. */
  rollbackExecution: ExecutionSchema.optional(),
  /** Staged plans: the stages that ran before the current one (results, checks, undo), in order. */
  stageResults: z.array(StageResultSchema).default(() => []),
  /** Staged plans: a sign-off that covers the later stages the approver was shown (policy permitting). */
  planApproval: PlanApprovalSchema.optional(),
  /** Staged plans: why the plan stopped before its last stage, when it did. */
  planStopped: z.string().optional(),
  /** Why and to whom the incident was escalated. */
  escalation: z.object({ reason: z.string(), team: z.string(), at: z.string() }).optional(),
  /** How the incident ended. */
  outcome: OutcomeSchema.optional(),
  /** Where the post-incident report was written. */
  reportLocation: z.string().optional(),
  /** The supervisor's last routing decision and its reason. */
  route: z.object({ next: z.string(), reason: z.string() }).optional(),
  /** Append-only story of the incident. */
  timeline: appendTimeline,
  /** Model tokens and dollars spent on this incident. */
  cost: addCost,
  /** Number of supervisor steps taken (bounded by the step budget). */
  steps: countSteps,
});

export type IncidentStateValue = typeof IncidentState.State;
export type IncidentStateUpdate = typeof IncidentState.Update;

export type { Cost } from "../agents/shared/cost.js";
export type { TimelineEntry } from "../agents/shared/timeline.js";
