/**
 * Counts the responder's reads of the account (metrics, logs, changes, resources, alarms) by wrapping the
 * port objects in place: the graph holds the same `ports` object, so it sees the wrapped methods. Reads made
 * before the first action starts are the investigation; simulated time is charged for them by the scorer.
 */
import type { Ports } from "../../tools/ports.js";
import type { InvestigationGap } from "./gaps.js";
import { gapRecorder } from "./gaps.js";

export interface CallCounter {
  /** Reads before the first automation started (the investigation). */
  investigation: number;
  /** Every read, verification polling included. */
  total: number;
  /** Automation starts requested by the graph. */
  actions: number;
}

const READ_PORTS = ["metrics", "logs", "changes", "resources", "alarms"] as const;

type Recorder = ReturnType<typeof gapRecorder>;

function wrap<T extends object>(target: T, name: string, onCall: () => void, gaps: Recorder): T {
  const wrapped = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(target)) {
    const value = (target as Record<string, unknown>)[key];
    const call = `${name}.${key}`;
    wrapped[key] =
      typeof value === "function"
        ? (...args: unknown[]) => {
            onCall();
            const result = (value as (...a: unknown[]) => unknown).apply(target, args);
            if (!(result instanceof Promise)) return result;
            return result.then(
              (answer) => {
                gaps.answered(call, args, answer);
                return answer;
              },
              (error: unknown) => {
                gaps.failed(call, args, error);
                throw error;
              },
            );
          }
        : value;
  }
  return wrapped as T;
}

/**
 * Instruments `ports` in place and returns the live counter; reads that failed or came back empty are
 * appended to `gaps` (see gaps.ts).
 */
export function instrumentPorts(ports: Ports, gaps: InvestigationGap[] = []): CallCounter {
  const counter: CallCounter = { investigation: 0, total: 0, actions: 0 };
  const recorder = gapRecorder(gaps, () => (counter.actions === 0 ? "investigation" : "verification"));
  const mutable = ports as unknown as Record<string, object>;
  for (const name of READ_PORTS) {
    mutable[name] = wrap(
      ports[name],
      name,
      () => {
        counter.total += 1;
        if (counter.actions === 0) counter.investigation += 1;
      },
      recorder,
    );
  }
  const automation = ports.automation;
  mutable["automation"] = {
    start: (request: Parameters<Ports["automation"]["start"]>[0]) => {
      counter.actions += 1;
      return automation.start(request);
    },
    status: (id: string) => automation.status(id),
  };
  return counter;
}
