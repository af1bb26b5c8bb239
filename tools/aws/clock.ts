/** The real clock: wall time and `setTimeout` (the simulated account advances a virtual one instead). */
import type { ClockPort } from "../ports.js";

export class RealClock implements ClockPort {
  now(): Date {
    return new Date();
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
  }
}
