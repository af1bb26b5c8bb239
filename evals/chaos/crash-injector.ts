/**
 * Crash points: every place a worker process can die in the middle of an incident. Each side-effecting port
 * call has two (just before the call; after it returned but before the node's checkpoint), and each
 * checkpoint write has one (just after it is durable). The injector numbers the points in the order a run
 * reaches them and "kills the process" at one chosen point by throwing a `SimulatedCrash`, once. An
 * uninterrupted run with no target counts and names the points, so a run can later be crashed at each.
 */
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { Ports } from "../../tools/ports.js";

export class SimulatedCrash extends Error {
  override name = "SimulatedCrash";
}

/** Where a crash point sits relative to its call or write. */
export type CrashPhase = "before-call" | "after-call" | "after-checkpoint";

export interface CrashPoint {
  index: number;
  phase: CrashPhase;
  /** `notifier.notify`, `automation.start`, `checkpoint.put`, ... */
  at: string;
}

export class CrashInjector {
  /** Points reached so far, in order. */
  readonly reached: CrashPoint[] = [];
  private fired = false;

  /** Crash at the point with this index (none when undefined). */
  constructor(readonly target?: number) {}

  get crashed(): boolean {
    return this.fired;
  }

  /** Passes a crash point: throws when it is the target and no crash happened yet. */
  point(phase: CrashPhase, at: string): void {
    const point = { index: this.reached.length, phase, at };
    this.reached.push(point);
    if (!this.fired && point.index === this.target) {
      this.fired = true;
      throw new SimulatedCrash(`simulated crash ${phase} ${at} (point ${point.index})`);
    }
  }
}

/** The port calls that change the world outside the checkpoint: where a crash can duplicate or lose work. */
const SIDE_EFFECTS = {
  notifier: ["notify"],
  audit: ["append"],
  automation: ["start"],
  reports: ["write"],
  outcomes: ["record"],
} as const satisfies Partial<Record<keyof Ports, readonly string[]>>;

/**
 * Wraps the side-effecting port methods in place with a crash point before and after each call. Ports are
 * replaced on the object (the graph reads `deps.ports.x` at call time), so every graph instance built over
 * these ports, fresh ones included, passes through the injector the harness currently holds.
 */
export function injectCrashPoints(ports: Ports, injector: () => CrashInjector | undefined): void {
  for (const [portName, methods] of Object.entries(SIDE_EFFECTS)) {
    const port = ports[portName as keyof typeof SIDE_EFFECTS] as unknown as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const wrapped: Record<string, unknown> = Object.create(port);
    for (const method of methods) {
      const original = port[method]!.bind(port);
      const at = `${portName}.${method}`;
      wrapped[method] = async (...args: unknown[]) => {
        injector()?.point("before-call", at);
        const result = await original(...args);
        injector()?.point("after-call", at);
        return result;
      };
    }
    (ports as unknown as Record<string, unknown>)[portName] = wrapped;
  }
}

/**
 * A checkpoint saver with a crash point right after each checkpoint and each set of pending writes is
 * durable. A proxy over any saver (DynamoDB on dynalite in the eval, memory in the quick test), so the
 * saver's own code is what runs.
 */
export function crashingSaver<T extends BaseCheckpointSaver>(saver: T, injector: CrashInjector): T {
  return new Proxy(saver, {
    get(target, prop) {
      if (prop === "put") {
        return async (...args: Parameters<BaseCheckpointSaver["put"]>) => {
          const result = await target.put(...args);
          injector.point("after-checkpoint", `checkpoint.put step ${args[2].step}`);
          return result;
        };
      }
      if (prop === "putWrites") {
        return async (...args: Parameters<BaseCheckpointSaver["putWrites"]>) => {
          await target.putWrites(...args);
          injector.point("after-checkpoint", `checkpoint.putWrites ${args[1].map((w) => w[0]).join(",")}`);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
