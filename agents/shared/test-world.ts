import { createSandbox, loadScenario, type Sandbox } from "../../evals/sandbox/index.js";
import { type Alert, AlertSchema, type Incident } from "../../tools/domain/index.js";
import { CollectingNotifier } from "../../tools/local/collecting-notifier.js";
import { MemoryReports } from "../../tools/local/file-reports.js";
import { MemoryAudit } from "../../tools/local/memory-audit.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import type { Ports } from "../../tools/ports.js";

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
  const sandbox = createSandbox(scenario);
  const event = sandbox.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
  if (!event) throw new Error(`${name}: no alarm fired`);
  const trigger = scenario.triggers.find((t) => t.name === event.detail.alarmName)!;
  const alert: Alert = AlertSchema.parse({
    id: event.id,
    source: "cloudwatch-alarm",
    fingerprint: `fp-${event.detail.alarmName}`,
    alarmName: event.detail.alarmName,
    accountId: event.account,
    region: event.region,
    state: "ALARM",
    reason: event.detail.state.reason,
    time: new Date(event.time).toISOString(),
    service: trigger.service,
    metric: {
      namespace: trigger.metric.namespace,
      name: trigger.metric.name,
      dimensions: trigger.metric.dimensions,
      statistic: trigger.stat,
      threshold: trigger.threshold,
    },
  });
  const ports: Ports = {
    ...sandbox.ports,
    outcomes: new MemoryOutcomes(),
    audit: new MemoryAudit(),
    notifier: new CollectingNotifier(),
    reports: new MemoryReports(),
  };
  const incident: Incident = {
    id: `test-${name}`,
    title: alert.alarmName,
    service: alert.service,
    openedAt: alert.time,
    status: "open",
    flapping: false,
    alerts: [alert],
  };
  return { sandbox, ports, incident };
}
