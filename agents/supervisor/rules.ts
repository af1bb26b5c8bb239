import type { LogFindings } from "../log-analysis/schema.js";
import type { RemediationPlan } from "../remediation/schema.js";
import type { RunbookCandidates } from "../runbook-retrieval/schema.js";
import type { Triage } from "../triage/schema.js";
import type { SupervisorChoice, SupervisorTarget } from "./schema.js";

/** Most supervisor steps one incident may take before it escalates. */
export const DEFAULT_STEP_BUDGET = 12;

export interface SupervisorView {
  assessment?: Triage;
  logFindings?: LogFindings;
  runbooks?: RunbookCandidates;
  plan?: RemediationPlan;
  steps: number;
}

/**
 * The steps the supervisor may choose from now: specialists whose output is still missing, the safety
 * gate once a plan exists, and escalation. Execution is never among them: only the gate leads there.
 */
export function allowedNextSteps(view: SupervisorView): SupervisorTarget[] {
  if (view.assessment && !view.assessment.isIncident) return ["record"];
  const allowed: SupervisorTarget[] = [];
  if (!view.assessment) allowed.push("triage");
  if (!view.logFindings) allowed.push("log-analysis");
  if (!view.runbooks && view.assessment) allowed.push("runbook-retrieval");
  if (!view.plan && view.assessment && view.runbooks) allowed.push("remediation");
  if (view.plan) allowed.push("safety-gate");
  allowed.push("escalate");
  return allowed;
}

/** The fixed, readable routing policy: fill in what is missing in order, then ask the gate. */
export function routeByRules(view: SupervisorView, stepBudget = DEFAULT_STEP_BUDGET): SupervisorChoice {
  if (view.steps >= stepBudget) return { next: "escalate", reason: `step budget of ${stepBudget} used up` };
  if (!view.assessment) return { next: "triage", reason: "the incident has not been triaged" };
  if (!view.assessment.isIncident) return { next: "record", reason: "triage found no incident to act on" };
  if (!view.logFindings) return { next: "log-analysis", reason: "no log evidence yet" };
  if (!view.runbooks) return { next: "runbook-retrieval", reason: "no runbook looked up yet" };
  if (!view.plan) return { next: "remediation", reason: "no remediation plan yet" };
  return { next: "safety-gate", reason: "a plan exists; the safety gate decides what may run" };
}
