/**
 * Change attribution by evidence. A change inside the suspect window is only a *candidate*; whether it caused
 * the symptoms is judged from what the service did after it:
 * - health after the change: the alarm's metric read per minute from the change to the onset. A change after
 *   which the service stayed healthy for HEALTHY_AFTER_MINUTES or more did not cause a fault that began later
 *   (a bad release shows itself within minutes of rolling out);
 * - where the metric stepped: at the change (mean after vs before it) or only at the onset;
 * - the time from the change to the first error;
 * - whether the new errors name what the change touched (its new revision or version): that ties them
 *   together whatever the timing.
 * With no metric data the old rule stands (the change stays a candidate): missing evidence never exonerates.
 */
import type { Alert, ChangeEvent, LogEvent } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { minutesBefore } from "../shared/incident-facts.js";

/** Healthy minutes after a change (before the onset) that clear it. */
export const HEALTHY_AFTER_MINUTES = 6;
/** Minutes a rollout may take before its effect shows; not counted as healthy or unhealthy evidence. */
export const ROLLOUT_MINUTES = 2;

export interface ChangeAssessment {
  change: ChangeEvent;
  /** Minutes from the change to the onset of the symptoms. */
  minutesToOnset: number;
  /** Consecutive good minutes right after the rollout allowance, before the onset (undefined: no data). */
  healthyMinutesAfter?: number;
  /** Minutes from the change to the first error-level log line after it (undefined: none). */
  minutesToFirstError?: number;
  /** True when an error line after the change names the revision or version it put in place. */
  errorsNameChange: boolean;
  /** Whether the change is still a plausible cause, and why. */
  plausible: boolean;
  why: string;
}

function breaching(comparison: string, value: number, threshold: number): boolean {
  if (comparison.startsWith("GreaterThanOrEqual")) return value >= threshold;
  if (comparison.startsWith("GreaterThan")) return value > threshold;
  if (comparison.startsWith("LessThanOrEqual")) return value <= threshold;
  return value < threshold;
}

/** Tokens a line would carry if it came from the changed code or config: its new revision or version. */
export function changeTokens(change: ChangeEvent): string[] {
  const tokens = new Set<string>();
  if (change.to && change.to.length >= 3) tokens.add(change.to.toLowerCase());
  // A version like 2.14.1 or a commit like 4be01f2 in the summary.
  for (const m of change.summary.matchAll(/\b(v?\d+\.\d+\.\d+[\w.-]*|[0-9a-f]{7,40})\b/gi)) {
    if (m[1]) tokens.add(m[1].toLowerCase());
  }
  return [...tokens];
}

/** True when one of the error lines names a token of the change. */
export function errorsName(change: ChangeEvent, lines: LogEvent[]): boolean {
  const tokens = changeTokens(change);
  if (tokens.length === 0) return false;
  return lines.some((l) => {
    const text = l.message.toLowerCase();
    return tokens.some((t) => text.includes(t));
  });
}

/** Judges one change against the metric minutes and error lines between it and the onset. */
export function assessChange(
  change: ChangeEvent,
  onset: Date,
  minutes: { time: string; bad: boolean }[] | undefined,
  errors: LogEvent[],
): ChangeAssessment {
  const at = Date.parse(change.time);
  const minutesToOnset = Math.round((onset.getTime() - at) / 60_000);
  const after = errors.filter((e) => Date.parse(e.time) >= at);
  const firstError = after.map((e) => Date.parse(e.time)).sort((a, b) => a - b)[0];
  const minutesToFirstError = firstError === undefined ? undefined : Math.round((firstError - at) / 60_000);
  const errorsNameChange = errorsName(change, after);
  let healthyMinutesAfter: number | undefined;
  if (minutes && minutes.length > 0) {
    const from = at + ROLLOUT_MINUTES * 60_000;
    const window = minutes.filter((m) => Date.parse(m.time) >= from && Date.parse(m.time) < onset.getTime());
    healthyMinutesAfter = 0;
    for (const m of window) {
      if (m.bad) break;
      healthyMinutesAfter++;
    }
  }
  const base = { change, minutesToOnset, healthyMinutesAfter, minutesToFirstError, errorsNameChange };
  if (errorsNameChange)
    return {
      ...base,
      plausible: true,
      why: `errors after it name what it changed (${changeTokens(change).join(", ")})`,
    };
  if (healthyMinutesAfter !== undefined && healthyMinutesAfter >= HEALTHY_AFTER_MINUTES)
    return {
      ...base,
      plausible: false,
      why: `the service stayed healthy for ${healthyMinutesAfter} minutes after it; the symptoms began ${minutesToOnset} minutes after it`,
    };
  return {
    ...base,
    plausible: true,
    why:
      healthyMinutesAfter === undefined
        ? "no metric data to clear it"
        : `the symptoms began ${minutesToOnset} minute(s) after it, with no healthy period between`,
  };
}

/**
 * Assesses every candidate change: reads the alarm's metric per minute from the oldest candidate to the onset,
 * and the service's error lines since then. Returns one assessment per change, in the order given.
 */
export async function assessChanges(
  ports: Ports,
  alert: Alert,
  service: string,
  candidates: ChangeEvent[],
  onset: Date,
  known: { threshold?: number; comparison?: string } = {},
): Promise<ChangeAssessment[]> {
  if (candidates.length === 0) return [];
  const oldest = new Date(Math.min(...candidates.map((c) => Date.parse(c.time))));
  const threshold = alert.metric?.threshold ?? known.threshold;
  const comparison = alert.metric?.comparison ?? known.comparison;
  let minutes: { time: string; bad: boolean }[] | undefined;
  if (alert.metric && threshold !== undefined && comparison) {
    const period = alert.metric.periodSeconds ?? 60;
    const stat = alert.metric.statistic ?? "Average";
    // Read per minute; an additive statistic's threshold scales down to one minute.
    const fine = /^(sum|samplecount)$/i.test(stat) ? (threshold * 60) / period : threshold;
    const series = await ports.metrics.getSeries({
      namespace: alert.metric.namespace,
      metric: alert.metric.name,
      dimensions: alert.metric.dimensions,
      start: minutesBefore(oldest, 1),
      end: onset,
      stat,
      periodSeconds: 60,
    });
    minutes = series.points.map((p) => ({ time: p.time, bad: breaching(comparison, p.value, fine) }));
  }
  const lines = await ports.logs.query({ service, start: oldest, end: ports.clock.now(), limit: 2_000 });
  const errors = lines.filter((l) => l.level === "ERROR" || l.level === "FATAL");
  return candidates.map((c) => assessChange(c, onset, minutes, errors));
}
