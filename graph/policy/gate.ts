import { type CostEstimate, describeCost } from "../../knowledge/actions/cost.js";
import {
  type ActionDefinition,
  type BlastVerdict,
  RISK_ORDER,
  type Risk,
} from "../../knowledge/actions/types.js";
import type { GatePolicy } from "./config.js";
import type { Confidence, GateOutcome } from "./schema.js";

export interface GateInput {
  /** What the plan asks for. */
  proposal: {
    kind: "action" | "no-action" | "escalate";
    actionId?: string;
    params?: Record<string, unknown>;
  };
  /** Looks an action up in the catalogue. */
  findAction(id: string): ActionDefinition | undefined;
  policy: GatePolicy;
  now: Date;
  confidence?: Confidence;
  /** Blast-radius verdict for the validated parameters (computed by the caller from the world). */
  blastRadius?: BlastVerdict;
  /** Actions on the same resource or group inside the policy's rate-limit window. */
  recentActionsOnTarget: number;
  /** True when the target does not exist or could not be described. */
  targetMissing?: boolean;
  /** Risk of the change's direction on this target (e.g. scale-in); the higher of it and the catalogue's wins. */
  directionRisk?: Risk;
  /** Whether the target is in the incident's blast set (alarmed resource, suspects, its service). */
  inBlastSet?: boolean;
  /** Estimated added cost of these parameters on this target (computed by the caller from the world). */
  cost?: CostEstimate;
  /** Changes other incidents have claimed on the target or its group and not finished. */
  inFlight?: string[];
}

export interface GateVerdict {
  outcome: GateOutcome;
  risk?: Risk;
  reasons: string[];
  params?: Record<string, unknown>;
  target?: string;
  cost?: CostEstimate;
}

/** Whether an estimate is over the policy's ceiling; an unknown estimate always is (fail closed). */
export function overCostCeiling(policy: GatePolicy, cost: CostEstimate): boolean {
  if (cost.kind === "unknown") return true;
  return cost.kind === "usd" && cost.usdPerHour > policy.costCeilingUsdPerHour;
}

/** The higher of two risks (an unset one counts as nothing). */
export function higherRisk(a: Risk, b: Risk | undefined): Risk {
  return b !== undefined && RISK_ORDER.indexOf(b) > RISK_ORDER.indexOf(a) ? b : a;
}

/** Outcome from the risk × confidence table alone. */
export function tableOutcome(
  policy: GatePolicy,
  risk: Risk,
  confidence: number,
): { outcome: GateOutcome; reason: string } {
  const row = policy.table[risk];
  if (row.autoAt !== null && confidence >= row.autoAt) {
    return {
      outcome: "auto",
      reason: `${risk} risk with confidence ${confidence.toFixed(2)} ≥ ${row.autoAt}: may run on its own`,
    };
  }
  if (row.approveAt !== null && confidence >= row.approveAt) {
    return {
      outcome: "approve",
      reason:
        row.autoAt === null
          ? `${risk} risk never runs without sign-off (confidence ${confidence.toFixed(2)})`
          : `confidence ${confidence.toFixed(2)} < ${row.autoAt} for ${risk} risk: needs sign-off`,
    };
  }
  return {
    outcome: "escalate",
    reason:
      row.approveAt === null
        ? `${risk} risk is never run by the responder`
        : `confidence ${confidence.toFixed(2)} < ${row.approveAt} for ${risk} risk: too unsure even to ask`,
  };
}

/** The freeze in force, if any. A window whose dates do not parse counts as in force (fail closed). */
export function inFreeze(policy: GatePolicy, now: Date) {
  return policy.freezeWindows.find((w) => {
    const start = Date.parse(w.start);
    const end = Date.parse(w.end);
    if (!Number.isFinite(start) || !Number.isFinite(end)) return true;
    return start <= now.getTime() && now.getTime() < end;
  });
}

/** A value that names a resource by ARN or path: never in a plan (the gate checks plain ids in this account). */
function arnLike(params: Record<string, unknown>): string | undefined {
  const texts = JSON.stringify(params).match(/"(?:[^"\\]|\\.)*"/g) ?? [];
  return texts.find((t) => /^"\s*arn:/i.test(t) || t.includes("..") || t.includes("*"));
}

/**
 * The safety gate: code decides what may run. The checks run in a fixed order and the first refusal
 * wins; only then does the risk × confidence table speak, and a freeze can only make it stricter.
 */
export function decide(input: GateInput): GateVerdict {
  const { proposal, policy } = input;
  const reasons: string[] = [];
  if (proposal.kind === "no-action") return { outcome: "none", reasons: ["the plan needs no action"] };
  if (proposal.kind === "escalate") return { outcome: "escalate", reasons: ["the plan asks for a human"] };
  if (policy.killSwitch) return { outcome: "escalate", reasons: ["the kill switch is on: no action runs"] };

  const action = proposal.actionId ? input.findAction(proposal.actionId) : undefined;
  if (!action) {
    return {
      outcome: "escalate",
      reasons: [`"${proposal.actionId ?? "(none)"}" is not in the action catalogue: refused`],
    };
  }
  if (policy.enabledActions.length > 0 && !policy.enabledActions.includes(action.id)) {
    return {
      outcome: "escalate",
      risk: action.risk,
      reasons: [`${action.id} is not enabled in this deployment's policy`],
    };
  }
  const parsed = action.params.safeParse(proposal.params ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    return {
      outcome: "escalate",
      risk: action.risk,
      reasons: [`parameters for ${action.id} are invalid (${issues})`],
    };
  }
  const odd = arnLike(proposal.params ?? {});
  if (odd) {
    return {
      outcome: "escalate",
      risk: action.risk,
      reasons: [`parameters for ${action.id} name a resource by ARN, path or wildcard (${odd}): refused`],
    };
  }
  const target = action.targetOf(parsed.data);
  const risk = higherRisk(action.risk, input.directionRisk);
  const base = { risk, params: parsed.data, target, ...(input.cost ? { cost: input.cost } : {}) };
  if (input.targetMissing)
    return { outcome: "escalate", ...base, reasons: [`target ${target} does not exist`] };
  if (input.inBlastSet === false) {
    return {
      outcome: "escalate",
      ...base,
      reasons: [
        `target ${target} is outside this incident's blast set (the alarmed resource, the suspects and the incident's service): refused`,
      ],
    };
  }
  reasons.push(
    `${action.id} is in the catalogue at ${action.risk} risk (${action.reversible ? "reversible" : "not reversible"})`,
  );
  if (risk !== action.risk) reasons.push(`this change removes capacity or access: treated as ${risk} risk`);
  if (input.inFlight && input.inFlight.length > 0) {
    reasons.push(`a change is already in flight on ${target}: ${input.inFlight.join(", ")}`);
    return { outcome: "escalate", ...base, reasons };
  }

  if (input.recentActionsOnTarget >= policy.rateLimit.maxActions) {
    reasons.push(
      `rate limit: ${input.recentActionsOnTarget} action(s) on ${target} in the last ${policy.rateLimit.windowMinutes} min (max ${policy.rateLimit.maxActions})`,
    );
    return { outcome: "escalate", ...base, reasons };
  }
  if (input.blastRadius && !input.blastRadius.allowed) {
    reasons.push(`blast radius refused: ${input.blastRadius.reason}`);
    return { outcome: "escalate", ...base, reasons };
  }
  if (input.blastRadius) reasons.push(`blast radius: ${input.blastRadius.reason}`);

  const confidence = input.confidence?.value ?? 0;
  const table = tableOutcome(policy, risk, confidence);
  reasons.push(table.reason);
  if (input.cost) reasons.push(describeCost(input.cost));
  // Cost can only add a sign-off: it never lowers what the table or the checks above asked for.
  if (input.cost && table.outcome === "auto" && overCostCeiling(policy, input.cost)) {
    reasons.push(
      input.cost.kind === "unknown"
        ? "the added cost cannot be estimated: sign-off required"
        : `the added cost is over the policy's ceiling of $${policy.costCeilingUsdPerHour}/h: sign-off required`,
    );
    return { outcome: "approve", ...base, reasons };
  }
  const freeze = inFreeze(policy, input.now);
  if (freeze && table.outcome === "auto") {
    reasons.push(`change freeze (${freeze.reason}): sign-off required`);
    return { outcome: "approve", ...base, reasons };
  }
  return { outcome: table.outcome, ...base, reasons };
}
