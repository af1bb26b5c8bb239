/**
 * The stored incident record: the contract `Incident` without its alert list (alerts are stored as their
 * own items, see store/table.ts) plus what intake needs to deduplicate and correlate. Keeping alerts out
 * keeps the record small, so the conditional read-modify-write cycle stays cheap under contention.
 */
import { z } from "zod";
import { type Alert, AlertSchema } from "../../../tools/domain/alert.js";
import { IncidentSchema } from "../../../tools/domain/incident.js";
import { sha256 } from "../normalise/fingerprint.js";
import { resourceKeys } from "../normalise/resources.js";
import type { IntakeConfig } from "./config.js";
import { AlarmTrackSchema } from "./flapping.js";

/** Alert ids kept for duplicate detection; an append only goes through below this. */
export const MAX_ALERT_IDS = 500;
const MAX_RESOURCE_KEYS = 50;

/** `Incident` minus `alerts`. */
export const IncidentHeaderSchema = IncidentSchema.omit({ alerts: true });
export type IncidentHeader = z.infer<typeof IncidentHeaderSchema>;

export const RunStartSchema = z.object({
  /** How many times a run was started (1, plus one per reopening after a heal). */
  count: z.number().int().nonnegative(),
  /** True until the caller confirms the start was handed to the worker (`confirmRunStart`). */
  pending: z.boolean(),
  /** While pending, a redelivery after this time is given the start again (the first caller died). */
  leaseUntil: z.string(),
  lastAt: z.string(),
});

export const IncidentRecordSchema = z.object({
  incident: IncidentHeaderSchema,
  /** The alert that opened the incident (so `Incident.alerts` is never empty). */
  firstAlert: AlertSchema,
  /** Incremented by every write; writes are conditional on the version they read. */
  version: z.number().int().nonnegative(),
  /** The key incidents are opened under (`svc:<account>:<service>` or `fp:<fingerprint>`). */
  openKey: z.string(),
  /** Position in that key's sequence of incidents (1, 2, ...). */
  generation: z.number().int().positive(),
  /** Ids of recent alerts, for duplicate detection (at most 500). */
  alertIds: z.array(z.string()).default([]),
  /** Every alert ever attached. */
  alertCount: z.number().int().nonnegative(),
  /** Alarm state per fingerprint (alarm alerts only, not context). */
  alarms: z.record(z.string(), AlarmTrackSchema).default({}),
  resourceKeys: z.array(z.string()).default([]),
  runStart: RunStartSchema,
  /**
   * Random id of the intake delivery that wrote this version: a writer whose conditional write went through
   * but whose answer was lost (a timeout the SDK retried into a failed condition) recognises its own write.
   */
  writer: z.string().optional(),
  resolvedAt: z.string().optional(),
  resolution: z.string().optional(),
  /** Why the responder handed the incident to people (set with the `escalated` status when a reason is given). */
  escalation: z.string().optional(),
  updatedAt: z.string(),
});
export type IncidentRecord = z.infer<typeof IncidentRecordSchema>;

/** How an alert id is kept for duplicate detection: as is, or hashed when long (ids are untrusted). */
export function alertIdKey(id: string): string {
  return id.length <= 128 ? id : `h:${sha256(id).slice(0, 40)}`;
}

/** Whether the record has seen this alert (by delivery id). */
export function hasSeen(record: IncidentRecord, alert: Alert): boolean {
  return record.alertIds.includes(alertIdKey(alert.id));
}

/** Statuses in which an incident is still being worked (or handed to humans): alerts attach to it. */
export function isOpen(record: IncidentRecord): boolean {
  return record.incident.status !== "resolved";
}

/** Whether the record already watches this alarm. */
export function tracks(record: IncidentRecord, fingerprint: string): boolean {
  return Object.hasOwn(record.alarms, fingerprint);
}

export function leaseUntil(now: Date, config: IntakeConfig): string {
  return new Date(now.getTime() + config.runStartLeaseSeconds * 1000).toISOString();
}

/** A new incident record opened by `alert`. */
export function newRecord(
  alert: Alert,
  identity: { id: string; openKey: string; generation: number },
  now: Date,
  config: IntakeConfig,
): IncidentRecord {
  const at = now.toISOString();
  return {
    incident: {
      id: identity.id,
      title: `${alert.service ? `${alert.service}: ` : ""}${alert.alarmName}`,
      ...(alert.service ? { service: alert.service } : {}),
      openedAt: alert.time,
      status: "open",
      flapping: false,
    },
    firstAlert: alert,
    version: 1,
    ...identity,
    alertIds: [alertIdKey(alert.id)],
    alertCount: 1,
    alarms: {
      [alert.fingerprint]: {
        state: alert.state,
        at: alert.time,
        history: [{ state: alert.state, at: alert.time }],
      },
    },
    resourceKeys: resourceKeys(alert.resources),
    runStart: { count: 1, pending: true, leaseUntil: leaseUntil(now, config), lastAt: at },
    updatedAt: at,
  };
}

/** `record` counting `alert` (ids, count, resources, service) with the version bumped. */
export function withAlert(record: IncidentRecord, alert: Alert, now: Date): IncidentRecord {
  const service = record.incident.service || !alert.service ? {} : { service: alert.service };
  return {
    ...record,
    incident: { ...record.incident, ...service },
    version: record.version + 1,
    alertIds: [...record.alertIds, alertIdKey(alert.id)].slice(-MAX_ALERT_IDS),
    alertCount: record.alertCount + 1,
    resourceKeys: [...new Set([...record.resourceKeys, ...resourceKeys(alert.resources)])].slice(
      0,
      MAX_RESOURCE_KEYS,
    ),
    updatedAt: now.toISOString(),
  };
}
