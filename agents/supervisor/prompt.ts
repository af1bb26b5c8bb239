import type { SupervisorView } from "./rules.js";
import type { SupervisorTarget } from "./schema.js";

export const SUPERVISOR_SYSTEM_PROMPT = `You are the supervisor of an incident responder. Specialists: triage
(is it real, what kind), log-analysis (what changed in the logs), runbook-retrieval (which procedure fits),
remediation (propose one action). Pick the next step from the allowed list only. Once a plan exists, the
safety gate decides; escalate when the evidence cannot support a safe action.`;

export function supervisorUserPrompt(view: SupervisorView, allowed: SupervisorTarget[]): string {
  const have = {
    triage: view.assessment ? `${view.assessment.category}, ${view.assessment.severity}` : "missing",
    logFindings: view.logFindings ? `${view.logFindings.evidence.length} findings` : "missing",
    runbooks: view.runbooks ? `${view.runbooks.candidates.length} candidates` : "missing",
    plan: view.plan ? view.plan.kind : "missing",
  };
  return `State: ${JSON.stringify(have)}. Steps taken: ${view.steps}. Allowed next steps: ${allowed.join(", ")}.`;
}
