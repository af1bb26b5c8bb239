import { z } from "zod";

/** How an action is carried out on AWS. The adapter dispatches on `type`. */
export const ExecutorSchema = z.discriminatedUnion("type", [
  /** An SSM Automation runbook, e.g. AWS-RestartEC2Instance. */
  z.object({ type: z.literal("ssm-automation"), document: z.string() }),
  /** An approved script through SSM Run Command (AWS-RunShellScript). */
  z.object({ type: z.literal("run-command"), document: z.string(), scriptId: z.string() }),
  /** A single control-plane API call, e.g. ecs:UpdateService. */
  z.object({ type: z.literal("api"), operation: z.string() }),
]);
export type Executor = z.infer<typeof ExecutorSchema>;

/** A request to run one catalogue action. */
export const AutomationRequestSchema = z.object({
  actionId: z.string(),
  executor: ExecutorSchema,
  parameters: z.record(z.string(), z.unknown()),
  /** Idempotency token: the same token never starts a second execution. */
  clientToken: z.string().uuid(),
});
export type AutomationRequest = z.infer<typeof AutomationRequestSchema>;

export const AutomationStatusSchema = z.enum([
  "Pending",
  "InProgress",
  "Success",
  "Failed",
  "Cancelled",
  "TimedOut",
]);
export type AutomationStatus = z.infer<typeof AutomationStatusSchema>;

export const AutomationExecutionSchema = z.object({
  executionId: z.string(),
  actionId: z.string(),
  status: AutomationStatusSchema,
  startedAt: z.string(),
  endedAt: z.string().optional(),
  output: z.string().optional(),
});
export type AutomationExecution = z.infer<typeof AutomationExecutionSchema>;

/** One message to people: an approval request, an escalation, a resolution. */
export const NotificationSchema = z.object({
  kind: z.enum(["approval-request", "escalation", "resolved", "info"]),
  incidentId: z.string(),
  subject: z.string(),
  body: z.string(),
  /** Team or channel that should act. */
  audience: z.string().optional(),
  link: z.string().optional(),
  /**
   * Idempotency key: the same node run re-executed after a crash sends the same key, and a notifier that
   * already delivered it does not deliver it again (SNS FIFO deduplication id; the local notifier's memory).
   */
  key: z.string().optional(),
});
export type Notification = z.infer<typeof NotificationSchema>;

/** One audit record as the caller writes it. */
export const AuditEntrySchema = z.object({
  incidentId: z.string(),
  time: z.string(),
  actor: z.string(),
  kind: z.string(),
  summary: z.string(),
  data: z.record(z.string(), z.unknown()).default({}),
  /**
   * Idempotency key: appending an entry whose key is already in the incident's chain returns that record
   * instead of adding a second one, so a node re-run after a crash leaves one record.
   */
  key: z.string().optional(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;
export type AuditEntryInput = z.input<typeof AuditEntrySchema>;

/** A stored audit record: sequence number and hash chain make tampering evident. */
export const AuditRecordSchema = AuditEntrySchema.extend({
  seq: z.number().int().nonnegative(),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

/** The result of one action on one kind of incident, fed back into confidence. */
export const ActionOutcomeSchema = z.object({
  incidentId: z.string(),
  signature: z.string(),
  actionId: z.string(),
  resourceId: z.string(),
  time: z.string(),
  /** `pending`: claimed right before the side effect; the final result is recorded after verification. */
  result: z.enum(["pending", "success", "failure"]),
});
export type ActionOutcome = z.infer<typeof ActionOutcomeSchema>;
