/** Deliveries being drawn: their truth labels, and a builder that turns state changes into payloads. */
import type { AlarmDef } from "./catalog.js";
import type { Prng } from "./prng.js";
import { type AlarmChange, type AlarmStateValue, eventBridgeAlarm, snsAlarm } from "./shapes.js";

export type EventRole =
  | "onset"
  | "reeval"
  | "flap-ok"
  | "flap-alarm"
  | "recovery"
  | "noise"
  | "noise-ok"
  | "context";

export interface Truth {
  /** True incident (noise: its own singleton id); null for context events that belong to none. */
  incident: string | null;
  /** `alarm`: an ALARM notification of a CloudWatch alarm (what grouping is scored on). */
  kind: "alarm" | "recovery" | "context";
  role: EventRole;
  /** A redelivery of an earlier event (same event id). */
  duplicate: boolean;
  /** The EventBridge event id or SNS message id. */
  deliveryId: string;
}

export interface StormEvent {
  /** Position in arrival order. */
  seq: number;
  arrivalMs: number;
  payload: Record<string, unknown>;
  truth: Truth;
}

export interface TrueIncident {
  id: string;
  kind: "incident" | "noise";
  service: string | null;
  /** First and last state-change time, epoch ms. */
  start: number;
  end: number;
  alarms: number;
  /** One alarm went ALARM → OK → ALARM (the OK → ALARM part within the flapping window). */
  flapping: boolean;
  /** ...and the whole ALARM → OK → ALARM, from the alarm's first ALARM, fits in the flapping window. */
  flapWithinWindow: boolean;
}

export interface Draft {
  at: number;
  arrivalMs: number;
  payload: Record<string, unknown>;
  truth: Truth;
}

/** Draws delivery ids and delays; alarm changes go out as EventBridge events or SNS Lambda events. */
export class Builder {
  readonly drafts: Draft[] = [];
  constructor(private readonly rng: Prng) {}

  alarm(
    alarm: AlarmDef,
    state: AlarmStateValue,
    previous: AlarmStateValue,
    at: number,
    truth: Omit<Truth, "duplicate" | "deliveryId">,
  ) {
    const id = this.rng.uuid();
    const value = alarm.threshold * (state === "ALARM" ? this.rng.range(1.1, 3) : this.rng.range(0.1, 0.9));
    const change: AlarmChange = { alarm, state, previous, at, value };
    const sns = alarm.channel === "sns";
    const payload = sns ? snsAlarm(change, id) : eventBridgeAlarm(change, id);
    const delay = sns ? this.rng.range(1000, 40_000) : this.rng.range(500, 20_000);
    this.push(at, at + delay, payload, { ...truth, duplicate: false, deliveryId: id });
  }

  context(at: number, incident: string | null, make: (id: string) => Record<string, unknown>) {
    const id = this.rng.uuid();
    const truth: Truth = { incident, kind: "context", role: "context", duplicate: false, deliveryId: id };
    this.push(at, at + this.rng.range(500, 20_000), make(id), truth);
  }

  private push(at: number, arrivalMs: number, payload: Record<string, unknown>, truth: Truth) {
    this.drafts.push({ at, arrivalMs, payload, truth });
  }
}
