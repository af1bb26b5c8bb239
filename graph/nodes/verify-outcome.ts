/**
 * What an action that did not recover the signal did: helped part of the way, changed nothing, or made it
 * worse. Only "worse" is rolled back: undoing a capacity increase that helped in the middle of a surge does
 * harm, and undoing one that changed nothing gains nothing; both escalate with the action left in place.
 */
import type { SuccessSignal } from "../../knowledge/actions/types.js";
import type { Ports } from "../../tools/ports.js";

export type Trend = "improved" | "unchanged" | "worse";

/** Share of the threshold the signal must move by before it counts as better or worse (noise floor). */
export const TREND_MARGIN = 0.05;

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * Compares the signal before the action with the last values watched. `before` and `after` in the signal's
 * own unit; "better" is the direction the signal recovers in.
 */
export function trendOf(
  signal: Pick<SuccessSignal, "recoveredWhen" | "threshold">,
  before: number,
  after: number,
): Trend {
  const margin = Math.max(Math.abs(signal.threshold) * TREND_MARGIN, 1e-9);
  const gain = signal.recoveredWhen === "below" ? before - after : after - before;
  if (gain > margin) return "improved";
  if (gain < -margin) return "worse";
  return "unchanged";
}

/** Mean of the signal over the `minutes` before `at`; undefined with no data. */
export async function valueBefore(
  ports: Ports,
  signal: SuccessSignal,
  at: Date,
  minutes = 3,
): Promise<number | undefined> {
  const series = await ports.metrics.getSeries({
    namespace: signal.namespace,
    metric: signal.metric,
    dimensions: signal.dimensions,
    stat: signal.stat,
    start: new Date(at.getTime() - minutes * 60_000),
    end: at,
  });
  const values = series.points.filter((p) => Date.parse(p.time) < at.getTime()).map((p) => p.value);
  return values.length === 0 ? undefined : mean(values.slice(-minutes));
}

/** The trend of a failed verification, or undefined when there is nothing to compare. */
export async function verificationTrend(
  ports: Ports,
  signal: SuccessSignal,
  windowStart: Date,
  observed: number[],
): Promise<{ trend: Trend; before: number; after: number } | undefined> {
  if (observed.length === 0) return undefined;
  const before = await valueBefore(ports, signal, windowStart);
  if (before === undefined) return undefined;
  const after = mean(observed);
  return { trend: trendOf(signal, before, after), before, after };
}
