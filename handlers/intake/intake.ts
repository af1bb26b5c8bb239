/** `processIntake`: parse → normalise → decide, for the Lambda handler and the CLI. */
import type { ServiceMapInput } from "./normalise/service-map.js";
import type { ParsedEvent } from "./parse/detect.js";
import type { IntakeError } from "./parse/errors.js";
import { parseEvent } from "./parse-event.js";
import type { IncidentStore, IntakeDecision } from "./store/incident-store.js";

export interface IntakeDeps {
  store: IncidentStore;
  /** Service map for normalisation; defaults to the store's `config.serviceMap`. */
  serviceMap?: ServiceMapInput;
}

/**
 * `ok: false` means the event itself is unusable (send it to the dead-letter queue with the error);
 * store failures (throttling, network) throw instead, so the delivery is retried.
 */
export type IntakeResult =
  | { ok: true; kind: ParsedEvent["kind"]; decisions: IntakeDecision[] }
  | { ok: false; error: IntakeError };

/** Parses the event and records each of its alerts, in order. */
export async function processIntake(event: unknown, deps: IntakeDeps): Promise<IntakeResult> {
  const parsed = parseEvent(event, { serviceMap: deps.serviceMap ?? deps.store.config.serviceMap });
  if (!parsed.ok) return parsed;
  const decisions: IntakeDecision[] = [];
  for (const alert of parsed.alerts) decisions.push(await deps.store.recordAlert(alert));
  return { ok: true, kind: parsed.kind, decisions };
}
