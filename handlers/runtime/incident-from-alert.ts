import type { Alert, Incident } from "../../tools/domain/index.js";

/** A new incident for one alert: id from the fingerprint and the minute it fired, title from the alarm. */
export function incidentFromAlert(alert: Alert, prefix = "inc"): Incident {
  const minute = alert.time.slice(0, 16).replace(/[-:T]/g, "");
  return {
    id: `${prefix}-${minute}-${alert.fingerprint.slice(0, 8)}`,
    title: `${alert.alarmName} in ALARM${alert.service ? ` on ${alert.service}` : ""}`,
    service: alert.service,
    openedAt: alert.time,
    status: "open",
    flapping: false,
    alerts: [alert],
  };
}
