import type { Incident } from "../../tools/domain/index.js";
import { quoteUntrusted, UNTRUSTED_DATA_RULE } from "../shared/untrusted.js";

export const TRIAGE_SYSTEM_PROMPT = `You are the triage specialist of an incident responder for AWS workloads.
Decide whether the alarm is a real incident, how severe it is, what category of problem it is, which
service and resources are at fault, and which recent changes matter. Use the tools to look at the alarm's
metric, the service's resources and dependencies, and recent changes. Prefer evidence to guesses.
Categories: deployment, memory, disk, capacity, dependency, configuration, database, throttling, security,
availability, unknown. A third-party dependency failing is "dependency", not a problem in our service.
${UNTRUSTED_DATA_RULE}`;

export function triageUserPrompt(incident: Incident): string {
  const alerts = incident.alerts.map((a) => ({
    alarm: a.alarmName,
    state: a.state,
    time: a.time,
    service: a.service,
    metric: a.metric,
    resources: a.resources,
    reason: a.reason,
    description: a.description,
    tags: a.tags,
  }));
  return `Incident ${incident.id}.\n${quoteUntrusted("incident-title", incident.title)}\n${quoteUntrusted("alerts", alerts)}\nTriage it.`;
}
