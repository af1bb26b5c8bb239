/**
 * Was there anything to fix? A verification that "recovered" proves the action worked only when the watched
 * signals were bad before it: a no-op on a healthy signal passes trivially. This reads each signal at one-
 * minute resolution over the minutes before the action started; all of them good means the success is not
 * counted (and never feeds the outcome history that raises the confidence of the next action).
 */
import type { SuccessSignal } from "../../knowledge/actions/types.js";
import type { Ports } from "../../tools/ports.js";

/** Minutes before the action read to see whether its signals were bad. */
export const BEFORE_MINUTES = 5;

function bad(value: number, signal: SuccessSignal): boolean {
  return signal.recoveredWhen === "below" ? value >= signal.threshold : value <= signal.threshold;
}

/**
 * True when any signal breached in the minutes before `startedAt`; also true when no signal had data (the
 * absence of evidence is not proof of a no-op). False only when every datapoint read was on the good side.
 */
export async function badBeforeAction(
  ports: Ports,
  signals: SuccessSignal[],
  startedAt: string,
): Promise<boolean> {
  const end = new Date(startedAt);
  const start = new Date(end.getTime() - BEFORE_MINUTES * 60_000);
  let points = 0;
  for (const signal of signals) {
    const series = await ports.metrics.getSeries({
      namespace: signal.namespace,
      metric: signal.metric,
      dimensions: signal.dimensions,
      stat: signal.stat,
      start,
      end,
      periodSeconds: 60,
    });
    points += series.points.length;
    if (series.points.some((p) => bad(p.value, signal))) return true;
  }
  return points === 0;
}
