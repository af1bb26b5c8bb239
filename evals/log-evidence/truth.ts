/**
 * Which log lines are the "true cause": the lines a scenario's fault modules write themselves. While a
 * sandbox is being built, every registered fault kind is wrapped so that each fault instance's minute step
 * records the log events it appended; the originals are restored before this returns. Nothing is added to
 * the log events or the ports, so the graph and the agents cannot see the marker.
 */
import type { LogEvent } from "../../tools/domain/index.js";
import { FAULT_REGISTRY, type FaultInstance, type FaultKind } from "../../tools/sandbox/index.js";
import type { World } from "../../tools/sandbox/world.js";

/** The identity of a log event that survives the ports' copying. */
export function lineKey(event: Pick<LogEvent, "time" | "logGroup" | "message">): string {
  return `${event.time}\u0000${event.logGroup}\u0000${event.message}`;
}

/** Log lines written by the faults of the sandboxes built inside `captureFaultLines`. */
export class FaultLines {
  private readonly keys = new Set<string>();
  private readonly written: { kind: string; ms: number; logGroup: string }[] = [];

  record(kind: string, events: readonly LogEvent[]): void {
    for (const e of events) {
      this.keys.add(lineKey(e));
      this.written.push({ kind, ms: Date.parse(e.time), logGroup: e.logGroup });
    }
  }

  /** Log groups the faults had written to before `ms`, with how many lines each. */
  groupsBefore(ms: number): Map<string, number> {
    const groups = new Map<string, number>();
    for (const w of this.written) if (w.ms < ms) groups.set(w.logGroup, (groups.get(w.logGroup) ?? 0) + 1);
    return groups;
  }

  has(event: Pick<LogEvent, "time" | "logGroup" | "message">): boolean {
    return this.keys.has(lineKey(event));
  }

  get size(): number {
    return this.keys.size;
  }
}

function recording(kind: FaultKind, inner: FaultInstance, lines: FaultLines): FaultInstance {
  return {
    schedule: inner.schedule,
    status: (world: World, minute: number) => inner.status(world, minute),
    step(world: World, minute: number) {
      const before = world.logs.length;
      inner.step(world, minute);
      lines.record(kind.kind, world.logs.slice(before));
    },
  };
}

/**
 * Runs `build` (which creates sandboxes) with every fault kind's instances recording the lines they write,
 * for as long as those sandboxes run. Not re-entrant: build sandboxes one at a time.
 */
export async function captureFaultLines<T>(
  build: () => T | Promise<T>,
): Promise<{ result: T; lines: FaultLines }> {
  const lines = new FaultLines();
  const originals = new Map<FaultKind, FaultKind["create"]>();
  for (const kind of FAULT_REGISTRY.values()) {
    const create = kind.create;
    originals.set(kind, create);
    kind.create = (schedule, params) => recording(kind, create.call(kind, schedule, params), lines);
  }
  try {
    return { result: await build(), lines };
  } finally {
    for (const [kind, create] of originals) kind.create = create;
  }
}
