import { type Alert, AlertSchema, type Incident } from "../domain/index.js";
import { createSandbox, type Sandbox } from "./sandbox.js";
import type { Scenario } from "./scenario/schema.js";

/**
 * For tests and measurements that work on one agent without the whole path: the scenario run to its first
 * ALARM, with an incident built straight from that alarm and its trigger (what intake would produce).
 * Undefined when no alarm fires.
 */
export function incidentAtFirstAlarm(
  scenario: Scenario,
  incidentId: string,
): { sandbox: Sandbox; incident: Incident } | undefined {
  const sandbox = createSandbox(scenario);
  const event = sandbox.runUntilAlarm().find((e) => e.detail.state.value === "ALARM");
  const trigger = scenario.triggers.find((t) => t.name === event?.detail.alarmName);
  if (!event || !trigger) return undefined;
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
  const incident: Incident = {
    id: incidentId,
    title: alert.alarmName,
    service: alert.service,
    openedAt: alert.time,
    status: "open",
    flapping: false,
    alerts: [alert],
  };
  return { sandbox, incident };
}
