/**
 * A seeded schedule of AWS faults: for each call, whether it fails and how. The same seed and the same
 * sequence of calls give the same faults, so a failing chaos run can be replayed. Counts what it injected
 * per fault class for the eval's table.
 */
import { mulberry32 } from "../random.js";

/** The ways an AWS call goes wrong that the responder must survive. */
export const AWS_FAULT_CLASSES = [
  "throttling",
  "server-error",
  "timeout-before-send",
  "timeout-after-send",
  "partial-batch",
  "eventual-consistency",
] as const;
export type AwsFaultClass = (typeof AWS_FAULT_CLASSES)[number];

export type FaultRates = Partial<Record<AwsFaultClass, number>>;

/** Default probabilities per call: high enough to hit every path, low enough that retries win. */
export const DEFAULT_FAULT_RATES: Readonly<Record<AwsFaultClass, number>> = {
  throttling: 0.05,
  "server-error": 0.03,
  "timeout-before-send": 0.02,
  "timeout-after-send": 0.02,
  "partial-batch": 0.2,
  "eventual-consistency": 0.2,
};

export class FaultSchedule {
  private readonly rand: () => number;
  /** Faults injected, per class. */
  readonly injected: Record<AwsFaultClass, number> = Object.fromEntries(
    AWS_FAULT_CLASSES.map((c) => [c, 0]),
  ) as Record<AwsFaultClass, number>;
  /** Calls that reached the schedule. */
  calls = 0;
  /** Off while false (setup calls such as table creation run clean). */
  enabled = true;

  constructor(
    readonly seed: number,
    private readonly rates: FaultRates = DEFAULT_FAULT_RATES,
  ) {
    this.rand = mulberry32(seed);
  }

  /**
   * The fault for this call, if any, among the classes that apply to it (a partial batch only to batch
   * writes, a stale read only to eventually consistent reads). Records it as injected.
   */
  draw(applicable: readonly AwsFaultClass[]): AwsFaultClass | undefined {
    if (!this.enabled) return undefined;
    this.calls += 1;
    for (const kind of applicable) {
      const rate = this.rates[kind] ?? 0;
      if (rate > 0 && this.rand() < rate) {
        this.injected[kind] += 1;
        return kind;
      }
    }
    return undefined;
  }

  get total(): number {
    return Object.values(this.injected).reduce((a, b) => a + b, 0);
  }
}
