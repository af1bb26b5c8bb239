import { z } from "zod";
import type { Executor, ResourceDescription, ResourceType } from "../../tools/domain/index.js";

/** Risk of an action, fixed by the catalogue. Nothing a model or a runbook says can lower it. */
export const RiskSchema = z.enum(["low", "medium", "high", "critical"]);
export type Risk = z.infer<typeof RiskSchema>;
export const RISK_ORDER: readonly Risk[] = ["low", "medium", "high", "critical"];

/** The signal that must recover for the action to count as a success. */
export interface SuccessSignal {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  stat: string;
  /** Recovered when the statistic is on this side of the threshold for `datapoints` minutes in a row. */
  recoveredWhen: "below" | "above";
  threshold: number;
  datapoints: number;
  /** How long to wait for recovery before calling it a failure. */
  deadlineMinutes: number;
}

/** What the blast-radius rule needs to know about the target's surroundings. */
export interface BlastContext {
  target: ResourceDescription;
  /** Other resources in the same group (e.g. instances of the same Auto Scaling group). */
  siblings: ResourceDescription[];
  /** Actions already running or done on the target's group in the rate-limit window. */
  recentActionsOnGroup: number;
}

export interface BlastVerdict {
  allowed: boolean;
  reason: string;
  /** Resources the action touches or takes out of service. */
  affected: string[];
}

/** One action the responder may ever run. The catalogue is the allowlist. */
export interface ActionDefinition<P extends z.ZodObject = z.ZodObject> {
  id: string;
  title: string;
  description: string;
  targetType: ResourceType;
  params: P;
  risk: Risk;
  reversible: boolean;
  executor: Executor;
  /** Resource id the action changes, from its parameters. */
  targetOf(params: z.infer<P>): string;
  blastRadius(params: z.infer<P>, context: BlastContext): BlastVerdict;
  successSignal(params: z.infer<P>, target: ResourceDescription): SuccessSignal;
  /**
   * Risk of these parameters on this target, when the direction of the change raises it (anything that
   * removes capacity or access is at least medium). The gate takes the higher of this and `risk`.
   */
  riskFor?(params: z.infer<P>, target: ResourceDescription): Risk;
  /**
   * Whether `edited` asks for no more than `asked` (same target, a smaller change in the same direction).
   * Without it only identical parameters narrow. A wider edit is a new proposal for the gate.
   */
  narrows?(asked: z.infer<P>, edited: z.infer<P>, target: ResourceDescription): boolean;
  /**
   * The target's attributes this action sets when it succeeds (e.g. `{ maxSize: 8 }`). A staged plan resolves
   * its later stages against the target as the earlier stages will leave it, and a `state` verification reads
   * these attributes back. Only actions whose outcome is a described attribute declare it.
   */
  projects?(params: z.infer<P>, target: ResourceDescription): Record<string, unknown>;
  /** The action and parameters that undo this one, from the target's state before it ran. */
  rollback?(
    params: z.infer<P>,
    before: ResourceDescription,
  ): { actionId: string; params: Record<string, unknown> };
}
