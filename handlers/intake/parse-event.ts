/** `parseEvent`: any input → validated, normalised Alerts, or an IntakeError. Never throws. */
import { type Alert, AlertSchema } from "../../tools/domain/alert.js";
import { type NormaliseOptions, normaliseEvent } from "./normalise/index.js";
import { type ParsedEvent, parseAwsEvent } from "./parse/detect.js";
import { type IntakeError, intakeError, jsonPath } from "./parse/errors.js";

export type ParseEventResult =
  | { ok: true; kind: ParsedEvent["kind"]; alerts: Alert[] }
  | { ok: false; error: IntakeError };

/** Detects the event's shape, validates it and normalises it to Alerts. */
export function parseEvent(input: unknown, options: NormaliseOptions = {}): ParseEventResult {
  const parsed = parseAwsEvent(input);
  if (!parsed.ok) return parsed;
  try {
    const alerts = normaliseEvent(parsed.parsed, options);
    for (const [index, alert] of alerts.entries()) {
      const checked = AlertSchema.safeParse(alert);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        const path = jsonPath(issue?.path ?? []);
        return {
          ok: false,
          error: intakeError(
            "invalid-field",
            `alert ${index} built from this ${parsed.parsed.kind} event is invalid at ${path}: ${issue?.message}`,
            "Check the event's alarm name, account, region and time fields.",
            [{ path, message: issue?.message ?? "invalid" }],
          ),
        };
      }
    }
    return { ok: true, kind: parsed.parsed.kind, alerts };
  } catch (error) {
    const reason = error instanceof Error ? error.message : "unknown error";
    return {
      ok: false,
      error: intakeError("unreadable", `the event could not be normalised: ${reason}`, "Report this event."),
    };
  }
}
