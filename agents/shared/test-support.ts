import type { Incident } from "../../tools/domain/index.js";
import { CollectingNotifier } from "../../tools/local/collecting-notifier.js";
import { MemoryReports } from "../../tools/local/file-reports.js";
import { MemoryAudit } from "../../tools/local/memory-audit.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import type { Ports } from "../../tools/ports.js";
import { incidentAtFirstAlarm, loadScenario, type Sandbox } from "../../tools/sandbox/index.js";

/**
 * Test support: a bundled scenario advanced to its first alarm, with the alert built from the alarm's
 * own EventBridge detail (no intake dependency), and in-memory adapters for the rest of the ports.
 */
export async function worldAtAlarm(
  name: string,
): Promise<{ sandbox: Sandbox; ports: Ports; incident: Incident }> {
  const scenario = await loadScenario(
    new URL(`../../evals/scenarios/${name}.yaml`, import.meta.url).pathname,
  );
  const found = incidentAtFirstAlarm(scenario, `test-${name}`);
  if (!found) throw new Error(`${name}: no alarm fired`);
  const ports: Ports = {
    ...found.sandbox.ports,
    outcomes: new MemoryOutcomes(),
    audit: new MemoryAudit(),
    notifier: new CollectingNotifier(),
    reports: new MemoryReports(),
  };
  return { sandbox: found.sandbox, ports, incident: found.incident };
}
