/**
 * The wake-up timer on the (virtual) clock: what EventBridge Scheduler does in AWS. Keeps one delivery per
 * incident and time (scheduling it again is a no-op, like a schedule name conflict) and hands them out in
 * time order; the caller advances its clock to each one's time before running it.
 */
import type { WakeupPort, WakeupRequestInput } from "../ports.js";

export interface ScheduledDelivery {
  incidentId: string;
  at: number;
  message: string;
}

export class ScheduledWakeups implements WakeupPort {
  private readonly pending: ScheduledDelivery[] = [];
  private readonly seen = new Set<string>();
  /** Every schedule request, repeats included. */
  requests = 0;

  async schedule({ incidentId, at, message }: WakeupRequestInput): Promise<void> {
    this.requests += 1;
    const key = `${incidentId}\n${at.toISOString()}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.pending.push({ incidentId, at: at.getTime(), message });
  }

  /** Distinct wake-ups scheduled so far. */
  get scheduled(): number {
    return this.seen.size;
  }

  /** The earliest pending delivery, removed from the queue. */
  next(): ScheduledDelivery | undefined {
    this.pending.sort((a, b) => a.at - b.at);
    return this.pending.shift();
  }

  get size(): number {
    return this.pending.length;
  }
}
