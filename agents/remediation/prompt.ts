import { ACTION_CATALOGUE } from "../../knowledge/actions/index.js";
import { quoteUntrusted, UNTRUSTED_DATA_RULE } from "../shared/untrusted.js";
import type { PlanEvidence } from "./rules.js";

function catalogueText(): string {
  return ACTION_CATALOGUE.map(
    (a) =>
      `- ${a.id} (targets ${a.targetType}; parameters ${Object.keys(a.params.shape).join(", ")}): ${a.title}`,
  ).join("\n");
}

export const REMEDIATION_SYSTEM_PROMPT = `You are the remediation specialist of an incident responder for AWS.
Propose ONE next step: an action from the catalogue below with its exact parameters, "no-action" when the
problem healed or is not ours to fix, or "escalate" when nothing in the catalogue is a safe fix (for
example a third-party outage, or evidence that disagrees). Base parameters on the resources' real state
(use describe_resources). You only propose: code checks the action, its risk and its blast radius.
Actions you may propose (nothing else exists):
${catalogueText()}
${UNTRUSTED_DATA_RULE}`;

export function remediationUserPrompt(evidence: PlanEvidence): string {
  return [
    `Incident ${evidence.incident.id}.`,
    quoteUntrusted("triage", evidence.assessment ?? "not available"),
    quoteUntrusted("log-findings", evidence.logFindings?.evidence.slice(0, 5) ?? "not available"),
    quoteUntrusted(
      "runbooks",
      (evidence.runbooks?.candidates ?? []).map((c) => ({
        id: c.runbookId,
        title: c.title,
        actions: c.actions,
      })),
    ),
    quoteUntrusted("similar-past-incidents", evidence.runbooks?.similarIncidents ?? []),
  ].join("\n");
}
