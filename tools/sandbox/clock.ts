/**
 * The virtual clock. Time only moves when asked; every whole minute crossed runs the world's minute step,
 * so sleeping fifteen minutes simulates fifteen minutes in milliseconds.
 */
import type { ClockPort } from "../ports.js";
import { MINUTE_MS } from "./world.js";

export interface ClockHooks {
  /** Simulates the minute starting at `minuteStartMs` (metrics, logs, faults); time is still at its start. */
  simulate(minuteStartMs: number): void;
  /** Runs once time has reached the boundary `boundaryMs` (automations complete, alarms evaluate). */
  reached(boundaryMs: number): void;
}

export class VirtualClock implements ClockPort {
  private ms: number;

  constructor(
    startMs: number,
    private readonly hooks: ClockHooks,
  ) {
    this.ms = startMs;
  }

  now(): Date {
    return new Date(this.ms);
  }

  nowMs(): number {
    return this.ms;
  }

  /** Advances virtual time instead of waiting. */
  async sleep(ms: number): Promise<void> {
    this.advanceMs(ms);
  }

  /** Moves time forward, simulating each minute boundary crossed. */
  advanceMs(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) {
      throw new Error(`cannot advance the clock by ${ms} ms: use a finite, non-negative duration`);
    }
    const target = this.ms + ms;
    let next = (Math.floor(this.ms / MINUTE_MS) + 1) * MINUTE_MS;
    while (next <= target) {
      this.hooks.simulate(next - MINUTE_MS);
      this.ms = next;
      this.hooks.reached(next);
      next += MINUTE_MS;
    }
    this.ms = target;
  }
}
