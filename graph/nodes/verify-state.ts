/**
 * Verifying a stage by reading its target back: the attributes the action declares it sets (`projects`) must
 * now be what the stage asked for. For steps whose effect is a setting rather than a signal (a limit raised),
 * a metric would say nothing until a later stage uses the setting.
 */
import type { ActionDefinition } from "../../knowledge/actions/types.js";
import type { Ports } from "../../tools/ports.js";
import type { Execution, Verification } from "../state.js";

export async function readBack(
  ports: Ports,
  action: ActionDefinition,
  execution: Execution,
): Promise<Verification> {
  const now = await ports.resources.describe(execution.target);
  const base = { signal: `${execution.target} read back`, observed: [], threshold: 0, waitedMinutes: 0 };
  if (!now) return { ...base, recovered: false, reason: `${execution.target} could not be described` };
  if (!action.projects || !execution.before)
    return {
      ...base,
      recovered: false,
      reason: `${action.id} declares no attribute it sets, so it cannot be verified by reading it back`,
    };
  const wanted = action.projects(execution.params, execution.before);
  const wrong = Object.entries(wanted).filter(([k, v]) => String(now.attributes[k]) !== String(v));
  if (wrong.length > 0)
    return {
      ...base,
      recovered: false,
      reason: `read back ${execution.target}: ${wrong.map(([k, v]) => `${k} is ${String(now.attributes[k])}, not ${String(v)}`).join("; ")}`,
    };
  return {
    ...base,
    recovered: true,
    reason: `read back ${execution.target}: ${Object.entries(wanted)
      .map(([k, v]) => `${k} = ${String(v)}`)
      .join(", ")}`,
  };
}
