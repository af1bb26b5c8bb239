/** Per-alarm state history on an incident, and flapping detection (ALARM → OK → ALARM within a window). */
import { z } from "zod";
import { type AlarmState, AlarmStateSchema } from "../../../tools/domain/alert.js";

const HISTORY_LIMIT = 20;

export const AlarmTrackSchema = z.object({
  /** State of the most recent (by alarm time, not arrival) notification. */
  state: AlarmStateSchema,
  at: z.string(),
  /** Recent transitions, oldest first, at most 20. */
  history: z.array(z.object({ state: AlarmStateSchema, at: z.string() })).default([]),
});
export type AlarmTrack = z.infer<typeof AlarmTrackSchema>;

/** ALARM, then OK, then ALARM (the last one at `at`) among transitions no older than `windowMs`. */
function flapped(history: AlarmTrack["history"], at: string, windowMs: number): boolean {
  const since = Date.parse(at) - windowMs;
  const wanted: AlarmState[] = ["ALARM", "OK", "ALARM"];
  let next = 0;
  for (const entry of history) {
    if (Date.parse(entry.at) < since || Date.parse(entry.at) > Date.parse(at)) continue;
    if (entry.state === wanted[next]) next += 1;
    if (next === wanted.length) return true;
  }
  return false;
}

/** Records a state change; out-of-order arrivals are placed by time and never override a newer state. */
export function trackAlarm(
  track: AlarmTrack | undefined,
  state: AlarmState,
  at: string,
  windowMs: number,
): { track: AlarmTrack; flapping: boolean } {
  const history = [...(track?.history ?? []), { state, at }]
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at))
    .slice(-HISTORY_LIMIT);
  const newest = !track || Date.parse(at) >= Date.parse(track.at);
  const next: AlarmTrack = newest ? { state, at, history } : { ...track, history };
  return { track: next, flapping: state === "ALARM" && flapped(history, at, windowMs) };
}
