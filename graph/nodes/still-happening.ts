/**
 * The decision-time check: right before the gate lets an action go ahead, is the incident's alarm condition
 * still there at the finest resolution available? If it healed before anything was done, the decision is
 * "none" with the reason "healed before action", and no action runs.
 */
import { primaryAlert } from "../../agents/shared/incident-facts.js";
import { stillHappening } from "../../agents/shared/still-happening.js";
import type { Incident } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";

/** The reason to take no action, or undefined when the condition is still present (or cannot be told). */
export async function healedBeforeAction(ports: Ports, incident: Incident): Promise<string | undefined> {
  const alert = primaryAlert(incident);
  const described = await ports.alarms.describe(alert.alarmName);
  const check = await stillHappening(ports, alert, {
    threshold: described?.threshold,
    comparison: described?.comparison,
  });
  return check.happening ? undefined : check.reason;
}
