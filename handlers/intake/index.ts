/** Public API of intake: parse any alarm/context event, normalise it, and record it as an incident decision. */

export {
  type IntakeConfig,
  type IntakeConfigInput,
  IntakeConfigSchema,
  type MaintenanceWindow,
} from "./correlate/config.js";
export { type DecideInput, type DecisionKind, decide, openKeyOf, type Step } from "./correlate/decide.js";
export { type IncidentRecord, IncidentRecordSchema } from "./correlate/record.js";
export { type IntakeDeps, type IntakeResult, processIntake } from "./intake.js";
export { SUPPRESSED_BY_TAG, UNKNOWN_REGION } from "./normalise/alarm.js";
export { fingerprintOf } from "./normalise/fingerprint.js";
export { type NormaliseOptions, normaliseEvent } from "./normalise/index.js";
export { type ServiceMap, type ServiceMapInput, ServiceMapSchema } from "./normalise/service-map.js";
export { type ParsedEvent, type ParseOutcome, parseAwsEvent } from "./parse/detect.js";
export type { IntakeError, IntakeErrorCode, IntakeIssue } from "./parse/errors.js";
export { toRegionCode } from "./parse/regions.js";
export { toIsoTime } from "./parse/time.js";
export { type ParseEventResult, parseEvent } from "./parse-event.js";
export {
  IncidentStore,
  type IncidentStoreOptions,
  type IntakeDecision,
} from "./store/incident-store.js";
export { IntakeStoreError } from "./store/record-io.js";
export { createIncidentTable, TTL_ATTRIBUTE } from "./store/table.js";
