import { primaryAlert } from "../../agents/shared/incident-facts.js";
import type { SuccessSignal } from "../../knowledge/actions/types.js";
import type { Incident } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { fitsBudget, type InvocationBudget } from "../budget.js";
import type { Verification } from "../state.js";

function good(value: number, signal: SuccessSignal) {
  return signal.recoveredWhen === "below" ? value < signal.threshold : value > signal.threshold;
}

function describe(signal: SuccessSignal) {
  return `${signal.namespace}/${signal.metric} ${JSON.stringify(signal.dimensions)} ${signal.recoveredWhen} ${signal.threshold}`;
}

/**
 * The incident's own alarm as a signal: its metric back on the good side of its threshold. Alarms that
 * fire on low values (LessThan…) recover upward. Undefined when the alarm watches no single metric.
 */
export function alarmSignal(incident: Incident, reference: SuccessSignal): SuccessSignal | undefined {
  const alert = primaryAlert(incident);
  const metric = alert.metric;
  if (!metric || metric.threshold === undefined) return undefined;
  const firesLow = /LessThan/i.test(metric.comparison ?? "") || /less than/i.test(alert.reason);
  return {
    namespace: metric.namespace,
    metric: metric.name,
    dimensions: metric.dimensions,
    stat: metric.statistic ?? "Average",
    recoveredWhen: firesLow ? "above" : "below",
    threshold: metric.threshold,
    datapoints: reference.datapoints,
    deadlineMinutes: reference.deadlineMinutes,
  };
}

async function lastValues(ports: Ports, signal: SuccessSignal): Promise<number[]> {
  const end = ports.clock.now();
  const series = await ports.metrics.getSeries({
    namespace: signal.namespace,
    metric: signal.metric,
    dimensions: signal.dimensions,
    stat: signal.stat,
    start: new Date(end.getTime() - signal.datapoints * 60_000),
    end,
  });
  return series.points.slice(-signal.datapoints).map((p) => Math.round(p.value * 100) / 100);
}

/** Where a verification window stands: minutes checked so far and what was seen at the last check. */
export interface WatchState {
  windowStart: string;
  minute: number;
  observed: number[];
  failing: number;
}

export type WatchStep = { verification: Verification } | { progress: WatchState; wakeAt: string };

/**
 * Watches every signal minute by minute until all of them hold for their `datapoints` minutes, or the
 * deadline of the first passes. The first signal is the catalogue's success signal; the others (the
 * incident's own alarm) must recover too, so an action that "worked" on the wrong problem is not a success.
 *
 * With a budget, a minute that would end past it is not slept through: the step returns its progress and
 * the time of the next check, and a later invocation continues from there (reads only, safe to repeat).
 */
export async function watchSignalsStep(
  ports: Ports,
  signals: [SuccessSignal, ...SuccessSignal[]],
  progress: WatchState,
  budget?: InvocationBudget,
): Promise<WatchStep> {
  const [main] = signals;
  const start = Date.parse(progress.windowStart);
  let observed = progress.observed;
  let failing: SuccessSignal = signals[progress.failing] ?? main;
  let failingIndex = progress.failing;
  for (let minute = progress.minute + 1; minute <= main.deadlineMinutes; minute++) {
    const due = start + minute * 60_000;
    const wait = due - ports.clock.now().getTime();
    if (wait > 0) {
      if (!fitsBudget(budget, ports.clock, wait)) {
        return {
          progress: {
            windowStart: progress.windowStart,
            minute: minute - 1,
            observed,
            failing: failingIndex,
          },
          wakeAt: new Date(due).toISOString(),
        };
      }
      await ports.clock.sleep(wait);
    }
    const values = await Promise.all(signals.map((s) => lastValues(ports, s)));
    observed = values[0] ?? [];
    const stuck = signals.findIndex((s, i) => {
      const v = values[i] ?? [];
      return v.length < s.datapoints || !v.every((x) => good(x, s));
    });
    if (stuck === -1) {
      return {
        verification: {
          recovered: true,
          signal: signals.map(describe).join(" and "),
          observed,
          threshold: main.threshold,
          waitedMinutes: minute,
          reason:
            `${main.metric} ${main.recoveredWhen} ${main.threshold} for ${main.datapoints} minute(s)` +
            (signals.length > 1 ? ", and the alarm's own metric is back within its threshold" : ""),
        },
      };
    }
    failingIndex = stuck;
    failing = signals[stuck] ?? main;
  }
  return {
    verification: {
      recovered: false,
      signal: signals.map(describe).join(" and "),
      observed,
      threshold: main.threshold,
      waitedMinutes: main.deadlineMinutes,
      reason: `${failing.metric} did not get ${failing.recoveredWhen} ${failing.threshold} within ${main.deadlineMinutes} minutes`,
    },
  };
}

/** Watches a whole verification window in one go (no budget). */
export async function watchSignals(
  ports: Ports,
  signals: [SuccessSignal, ...SuccessSignal[]],
): Promise<Verification> {
  const start = { windowStart: ports.clock.now().toISOString(), minute: 0, observed: [], failing: 0 };
  const step = await watchSignalsStep(ports, signals, start);
  if ("verification" in step) return step.verification;
  throw new Error("unbounded verification stopped early");
}
