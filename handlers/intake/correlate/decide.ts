/**
 * The intake decision, as a pure function of the alert and the incidents it could belong to. The store
 * reads the candidates, calls `decide`, and applies the step with a conditional write; if another writer
 * got there first it reads again and decides again.
 */
import type { Alert } from "../../../tools/domain/alert.js";
import { SUPPRESSED_BY_TAG } from "../normalise/alarm.js";
import { resourceKeys } from "../normalise/resources.js";
import type { IntakeConfig } from "./config.js";
import { trackAlarm } from "./flapping.js";
import { activeMaintenance } from "./maintenance.js";
import {
  hasSeen,
  type IncidentRecord,
  isOpen,
  leaseUntil,
  MAX_ALERT_IDS,
  newRecord,
  tracks,
  withAlert,
} from "./record.js";

export type DecisionKind = "opened" | "attached" | "duplicate" | "resolved" | "suppressed" | "context-only";

export interface DecideInput {
  alert: Alert;
  now: Date;
  config: IntakeConfig;
  /** The incident this alarm's fingerprint last went to, if any. */
  byFingerprint?: IncidentRecord | undefined;
  /** The newest incident under the alert's open key (its service, else its fingerprint). */
  current?: IncidentRecord | undefined;
  /** Incidents sharing a resource with the alert. */
  byResource?: IncidentRecord[];
  /** Identity a new incident would get. */
  next: { id: string; openKey: string; generation: number };
}

/**
 * What to do: nothing; create a record (conditional on it not existing); update one (conditional on its
 * version); or append an alert that changes nothing but the alert count (conditional on the facts the
 * decision relied on, so concurrent appends do not conflict with each other).
 */
export type Step =
  | { op: "none"; kind: "duplicate" | "suppressed" | "context-only"; record?: IncidentRecord; reason: string }
  | { op: "create"; kind: "opened"; record: IncidentRecord; reason: string }
  | {
      op: "append";
      kind: "attached";
      record: IncidentRecord;
      /** For alarm alerts: the alarm must still be in ALARM on the incident. */
      alarmInAlarm?: string;
      reason: string;
    }
  | {
      op: "update";
      kind: "attached" | "resolved" | "duplicate";
      before: IncidentRecord;
      after: IncidentRecord;
      startRun: boolean;
      reason: string;
    };

const CONTEXT_SOURCES = new Set(["ec2-state-change", "ecs-deployment", "aws-health"]);

/** `svc:<account>:<service>` when the service is known, else `fp:<fingerprint>`. */
export function openKeyOf(alert: Alert): string {
  return alert.service ? `svc:${alert.accountId}:${alert.service}` : `fp:${alert.fingerprint}`;
}

const minutes = (n: number) => n * 60_000;
const gap = (a: string, b: string) => Math.abs(Date.parse(a) - Date.parse(b));

/** A redelivered alert; re-issues the run start if the first delivery never confirmed it and its lease ran out. */
function onDuplicate(record: IncidentRecord, input: DecideInput): Step {
  const { alert, now, config } = input;
  const reason = `alert ${alert.id} was already recorded on incident ${record.incident.id}`;
  const expired = record.runStart.pending && now.getTime() >= Date.parse(record.runStart.leaseUntil);
  if (!expired || !isOpen(record)) return { op: "none", kind: "duplicate", record, reason };
  const after: IncidentRecord = {
    ...record,
    version: record.version + 1,
    runStart: { ...record.runStart, leaseUntil: leaseUntil(now, config), lastAt: now.toISOString() },
    updatedAt: now.toISOString(),
  };
  return {
    op: "update",
    kind: "duplicate",
    before: record,
    after,
    startRun: true,
    reason: `${reason}; its run start was never confirmed, so it is handed out again`,
  };
}

/** True when attaching `alert` changes nothing on the record beyond its alert ids and count. */
function onlyCounts(record: IncidentRecord, alert: Alert): boolean {
  const fillsService = !record.incident.service && !!alert.service;
  const keys = new Set(record.resourceKeys);
  const room = record.alertIds.length < MAX_ALERT_IDS - 1;
  return room && !fillsService && resourceKeys(alert.resources).every((k) => keys.has(k));
}

/** Attaches an alarm alert, tracking its state; marks flapping; reopens a healed incident when asked. */
function attachAlarm(record: IncidentRecord, input: DecideInput, why: string, reopen = false): Step {
  const { alert, now, config } = input;
  const steady = alert.state === "ALARM" && record.alarms[alert.fingerprint]?.state === "ALARM";
  if (!reopen && steady && isOpen(record) && onlyCounts(record, alert)) {
    // A repeat ALARM of an alarm already in ALARM: no transition, so no history, flapping or status change.
    return { op: "append", kind: "attached", record, alarmInAlarm: alert.fingerprint, reason: why };
  }
  const tracked = trackAlarm(
    record.alarms[alert.fingerprint],
    alert.state,
    alert.time,
    minutes(config.flappingWindowMinutes),
  );
  const base = withAlert(record, alert, now);
  const flapping = record.incident.flapping || tracked.flapping || reopen;
  const after: IncidentRecord = {
    ...base,
    alarms: { ...record.alarms, [alert.fingerprint]: tracked.track },
    incident: { ...base.incident, flapping },
  };
  const notes = [why];
  if (flapping && !record.incident.flapping) notes.push("alarm is flapping (ALARM → OK → ALARM)");
  if (!reopen)
    return {
      op: "update",
      kind: "attached",
      before: record,
      after,
      startRun: false,
      reason: notes.join("; "),
    };
  const { resolvedAt: _r, resolution: _s, ...rest } = after;
  const reopened: IncidentRecord = {
    ...rest,
    incident: { ...after.incident, status: "open" },
    runStart: {
      count: record.runStart.count + 1,
      pending: true,
      leaseUntil: leaseUntil(now, config),
      lastAt: now.toISOString(),
    },
  };
  notes.push(`reopened: it had healed at ${record.resolvedAt}`);
  return {
    op: "update",
    kind: "attached",
    before: record,
    after: reopened,
    startRun: true,
    reason: notes.join("; "),
  };
}

function recentlyHealed(record: IncidentRecord | undefined, input: DecideInput): record is IncidentRecord {
  if (!record || isOpen(record) || !record.resolvedAt || !tracks(record, input.alert.fingerprint))
    return false;
  return gap(input.alert.time, record.resolvedAt) <= minutes(input.config.flappingWindowMinutes);
}

function onAlarm(input: DecideInput): Step {
  const { alert, config } = input;
  const window = activeMaintenance(config.maintenanceWindows, alert.service, new Date(alert.time));
  if (window) {
    const what = "start" in window ? `${window.start} to ${window.end}` : `"${window.cron}"`;
    const reason = `maintenance window for ${window.service} (${what})${window.reason ? `: ${window.reason}` : ""}`;
    return { op: "none", kind: "suppressed", reason };
  }
  if (alert.tags[SUPPRESSED_BY_TAG] === "Alarm") {
    return {
      op: "none",
      kind: "suppressed",
      reason: "composite alarm's actions are suppressed by its suppressor alarm",
    };
  }
  const { byFingerprint: fp, current } = input;
  if (fp && isOpen(fp) && tracks(fp, alert.fingerprint)) return attachAlarm(fp, input, "same alarm");
  if (current && isOpen(current)) {
    if (tracks(current, alert.fingerprint)) return attachAlarm(current, input, "same alarm");
    const within = gap(alert.time, current.incident.openedAt) <= minutes(config.correlationWindowMinutes);
    if (within) {
      return attachAlarm(
        current,
        input,
        `same service ${alert.service}, within ${config.correlationWindowMinutes}m`,
      );
    }
  }
  const late = [fp, current].find(
    (r): r is IncidentRecord =>
      !!r && !isOpen(r) && tracks(r, alert.fingerprint) && !!r.resolvedAt && alert.time <= r.resolvedAt,
  );
  if (late) return attachAlarm(late, input, `late delivery, older than the resolution at ${late.resolvedAt}`);
  if (recentlyHealed(fp, input)) return attachAlarm(fp, input, "same alarm", true);
  if (recentlyHealed(current, input)) return attachAlarm(current, input, "same alarm", true);
  const record = newRecord(alert, input.next, input.now, config);
  return { op: "create", kind: "opened", record, reason: `new incident ${record.incident.id}` };
}

/** OK or INSUFFICIENT_DATA: updates the open incident watching this alarm; resolves it if all healed first. */
function onRecovery(input: DecideInput): Step {
  const { alert } = input;
  const target = [input.byFingerprint, input.current].find(
    (r): r is IncidentRecord => !!r && isOpen(r) && tracks(r, alert.fingerprint),
  );
  if (!target) {
    return { op: "none", kind: "context-only", reason: `${alert.state} for an alarm with no open incident` };
  }
  const step = attachAlarm(target, input, "same alarm");
  if (step.op !== "update" || alert.state !== "OK" || target.incident.status !== "open") return step;
  const alarms = Object.values(step.after.alarms);
  if (!alarms.every((track) => track.state === "OK")) return step;
  const resolution =
    `healed before any action: ${alarms.length === 1 ? "the alarm" : `all ${alarms.length} alarms`} ` +
    `returned to OK (last: ${alert.alarmName} at ${alert.time})`;
  const after: IncidentRecord = {
    ...step.after,
    incident: { ...step.after.incident, status: "resolved" },
    resolvedAt: alert.time,
    resolution,
    runStart: { ...step.after.runStart, pending: false },
  };
  return { op: "update", kind: "resolved", before: target, after, startRun: false, reason: resolution };
}

/** Context alerts join an open incident on the same resource or service; they never open one. */
function onContext(input: DecideInput): Step {
  const { alert, now } = input;
  const byResource = (input.byResource ?? []).find(isOpen);
  const byService =
    input.current &&
    isOpen(input.current) &&
    alert.service &&
    input.current.incident.service === alert.service
      ? input.current
      : undefined;
  const target = byResource ?? byService;
  if (!target) {
    const on = alert.service ? `service ${alert.service}` : "its resources";
    return { op: "none", kind: "context-only", reason: `no open incident on ${on}` };
  }
  const reason = `context: ${byResource ? "same resource" : `same service ${alert.service}`}`;
  if (onlyCounts(target, alert)) return { op: "append", kind: "attached", record: target, reason };
  return {
    op: "update",
    kind: "attached",
    before: target,
    after: withAlert(target, alert, now),
    startRun: false,
    reason,
  };
}

/** Decides what one alert does. Pure. */
export function decide(input: DecideInput): Step {
  const candidates = [input.byFingerprint, input.current, ...(input.byResource ?? [])];
  const seen = candidates.find((r) => r && hasSeen(r, input.alert));
  if (seen) return onDuplicate(seen, input);
  if (CONTEXT_SOURCES.has(input.alert.source)) return onContext(input);
  return input.alert.state === "ALARM" ? onAlarm(input) : onRecovery(input);
}
