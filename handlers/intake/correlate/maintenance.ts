/** Maintenance windows: alarms of a service inside one of its windows are suppressed. */
import type { MaintenanceWindow } from "./config.js";
import { cronMatches, parseCron } from "./cron.js";

const MINUTE = 60_000;

/** True when `window` covers `time` (explicit start ≤ t < end, or a cron start within the duration). */
export function windowCovers(window: MaintenanceWindow, time: Date): boolean {
  const t = time.getTime();
  if ("start" in window) return Date.parse(window.start) <= t && t < Date.parse(window.end);
  const cron = parseCron(window.cron);
  if (!cron) return false;
  const minuteStart = Math.floor(t / MINUTE) * MINUTE;
  for (let back = 0; back < window.durationMinutes; back++) {
    if (cronMatches(cron, new Date(minuteStart - back * MINUTE))) return true;
  }
  return false;
}

/** The first window covering `service` at `time`, if any. */
export function activeMaintenance(
  windows: readonly MaintenanceWindow[],
  service: string | undefined,
  time: Date,
): MaintenanceWindow | undefined {
  return windows.find((w) => (w.service === "*" || w.service === service) && windowCovers(w, time));
}
