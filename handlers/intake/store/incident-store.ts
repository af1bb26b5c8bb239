/**
 * The incident store: applies intake decisions to DynamoDB so that however many copies of an event arrive
 * at once, exactly one incident is opened and exactly one run start is handed out.
 *
 * Why conditional writes rather than the Powertools idempotency utility:
 * - Duplicate detection must be atomic with the incident write. Each record keeps the ids of its recent
 *   alerts, and every write is conditional (`attribute_not_exists(pk)` to open, `version = :read` to
 *   change), so "is this a redelivery?" and "record it" are one operation. A separate idempotency record
 *   (Powertools) is a second write: a crash between the two either loses the alert or blocks its retry
 *   until the in-progress record expires. DynamoDB transactions would join them, but dynalite (our local
 *   DynamoDB) has no TransactWriteItems, and the design runs the same code path locally.
 * - Powertools answers concurrent copies with IdempotencyAlreadyInProgressError and replays the first
 *   response to later ones, so a redelivery would say `startRun: true` again. We need "duplicate" with
 *   `startRun: false`, except when the first delivery died before confirming its start (the run-start lease).
 * - Incident ids are deterministic (open key + generation), so racers opening "the next incident" for a
 *   service or alarm all try to create the same item and exactly one succeeds; the others re-read and attach.
 */
import { randomUUID } from "node:crypto";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Alert } from "../../../tools/domain/alert.js";
import type { Incident, IncidentStatus } from "../../../tools/domain/incident.js";
import { type IntakeConfig, type IntakeConfigInput, IntakeConfigSchema } from "../correlate/config.js";
import { type DecideInput, type DecisionKind, decide, openKeyOf, type Step } from "../correlate/decide.js";
import { type IncidentRecord, isOpen, tracks, withAlert } from "../correlate/record.js";
import { resourceKeys } from "../normalise/resources.js";
import { IntakeStoreError, RecordTable } from "./record-io.js";
import { incidentIdFor, keys } from "./table.js";

/** What intake did with one alert. */
export interface IntakeDecision {
  kind: DecisionKind;
  /** The incident the alert opened, joined or resolved (undefined when none is involved). */
  incident: Incident | undefined;
  /** True for exactly one delivery per incident start: the caller must start (enqueue) the run. */
  startRun: boolean;
  /** Why, in words (for logs and the timeline). */
  reason: string;
  alert: Alert;
  /** Hint items that could not be written (the decision itself is stored). */
  warnings: string[];
}

export interface IncidentStoreOptions {
  client: DynamoDBClient;
  tableName: string;
  config?: IntakeConfigInput;
  /** Defaults to the wall clock; tests pass a fixed one. */
  clock?: () => Date;
  /** Optimistic-concurrency retries before giving up (default 50). */
  maxAttempts?: number;
}

const CONTEXT_SOURCES = new Set(["ec2-state-change", "ecs-deployment", "aws-health"]);
const MAX_PROBES = 1000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Exponential backoff with full jitter (10 ms doubling, capped at 1 s). Racers on one incident item spread
 * out instead of colliding again; the total work stays near linear in the number of racers.
 */
const backoff = (attempt: number) => sleep(Math.random() * Math.min(1000, 10 * 2 ** attempt));

/** `input` with every copy of `record` replaced by its fresh version. */
function withRefreshed(input: DecideInput, record: IncidentRecord, now: Date): DecideInput {
  const swap = (r: IncidentRecord | undefined) => (r?.incident.id === record.incident.id ? record : r);
  return {
    ...input,
    now,
    byFingerprint: swap(input.byFingerprint),
    current: swap(input.current),
    byResource: (input.byResource ?? []).map((r) => swap(r) as IncidentRecord),
  };
}

export class IncidentStore {
  readonly config: IntakeConfig;
  private readonly table: RecordTable;
  private readonly clock: () => Date;
  private readonly maxAttempts: number;

  constructor(options: IncidentStoreOptions) {
    this.config = IntakeConfigSchema.parse(options.config ?? {});
    const doc = DynamoDBDocumentClient.from(options.client, {
      marshallOptions: { removeUndefinedValues: true },
    });
    this.table = new RecordTable(doc, options.tableName);
    this.clock = options.clock ?? (() => new Date());
    this.maxAttempts = options.maxAttempts ?? 50;
  }

  /**
   * Records one alert: read candidates, decide, write conditionally. After losing a race on an update only
   * that record is re-read (the write conditions keep this safe); after losing a create, everything is.
   */
  async recordAlert(alert: Alert): Promise<IntakeDecision> {
    let input = await this.load(alert, this.clock());
    const writer = randomUUID();
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const step = decide(input);
      const base = { kind: step.kind, reason: step.reason, alert };
      if (step.op === "none") {
        if (!step.record) return { ...base, incident: undefined, startRun: false, warnings: [] };
        // A redelivery: re-store its alert item in case the first delivery died right after the record write.
        await this.table.putAlert(step.record.incident.id, alert);
        return { ...base, incident: await this.incidentOf(step.record), startRun: false, warnings: [] };
      }
      const written =
        (await this.apply(step, alert, input.now, writer)) ?? (await this.ownWrite(step, writer));
      if (written) {
        const before = step.op === "update" ? step.before : step.op === "append" ? step.record : undefined;
        await this.table.putAlert(written.incident.id, alert);
        const warnings = await this.writeHints(before, written, alert, input.now);
        const startRun = step.op === "create" || (step.op === "update" && step.startRun);
        return { ...base, incident: await this.incidentOf(written), startRun, warnings };
      }
      await backoff(attempt);
      input = await this.afterLostRace(input, step);
    }
    throw new IntakeStoreError(`gave up recording alert ${alert.id}: ${this.maxAttempts} conflicting writes`);
  }

  /**
   * Re-reads only what the lost race changed: the record we tried to update, or the one someone else
   * created under the id we tried to create (now the newest under the key). Falls back to a full load.
   */
  private async afterLostRace(input: DecideInput, step: Exclude<Step, { op: "none" }>): Promise<DecideInput> {
    const now = this.clock();
    const id = step.op === "update" ? step.before.incident.id : step.record.incident.id;
    const fresh = await this.table.getRecord(id);
    if (!fresh) return this.load(input.alert, now);
    if (step.op !== "create") return withRefreshed(input, fresh, now);
    const { openKey, generation } = input.next;
    const next = { id: incidentIdFor(openKey, generation + 1), openKey, generation: generation + 1 };
    return { ...input, now, current: fresh, next };
  }

  /**
   * After a failed condition: the record as this delivery wrote it, when the write was in fact ours (its
   * answer was lost and the SDK's retry failed the condition on it). Without this, intake would take its
   * own new incident for someone else's and never queue its run start.
   */
  private async ownWrite(step: Exclude<Step, { op: "none" }>, writer: string) {
    if (step.op === "append") return undefined;
    const id = step.op === "update" ? step.after.incident.id : step.record.incident.id;
    const stored = await this.table.getRecord(id);
    return stored?.writer === writer ? stored : undefined;
  }

  /** Performs a write step; the record as written, or undefined when its condition failed. */
  private async apply(step: Exclude<Step, { op: "none" }>, alert: Alert, now: Date, writer: string) {
    switch (step.op) {
      case "create": {
        const record = { ...step.record, writer };
        return (await this.table.createRecord(record)) ? record : undefined;
      }
      case "update": {
        const after = { ...step.after, writer };
        return (await this.table.replaceRecord(step.before, after)) ? after : undefined;
      }
      case "append":
        return (await this.table.appendAlert(step.record, alert, now, step.alarmInAlarm))
          ? withAlert(step.record, alert, now)
          : undefined;
    }
  }

  async getRecord(incidentId: string): Promise<IncidentRecord | undefined> {
    return this.table.getRecord(incidentId);
  }

  /** The incident with its first and most recent alerts (`config.incidentAlertLimit` in all). */
  async getIncident(incidentId: string): Promise<Incident | undefined> {
    const record = await this.table.getRecord(incidentId);
    return record ? this.incidentOf(record) : undefined;
  }

  private incidentOf(record: IncidentRecord): Promise<Incident> {
    return this.table.assemble(record, this.config.incidentAlertLimit);
  }

  /** Marks the run start as handed to the worker, so redeliveries stop re-issuing it. Idempotent. */
  async confirmRunStart(incidentId: string): Promise<void> {
    await this.update(incidentId, (record) =>
      record.runStart.pending ? { ...record, runStart: { ...record.runStart, pending: false } } : undefined,
    );
  }

  /** Sets the incident's status (the graph moves it to mitigating, awaiting-approval, escalated, resolved). */
  async setStatus(incidentId: string, status: IncidentStatus, reason?: string): Promise<Incident> {
    const record = await this.update(incidentId, (r) => {
      if (r.incident.status === status) return undefined;
      const { resolvedAt: _a, resolution: _b, ...rest } = r;
      const incident = { ...r.incident, status };
      if (status === "escalated" && reason) return { ...rest, incident, escalation: reason };
      if (status !== "resolved") return { ...rest, incident };
      const resolution = reason ?? `resolved by the responder`;
      return { ...rest, incident, resolvedAt: this.clock().toISOString(), resolution };
    });
    return this.incidentOf(record);
  }

  /** Read-modify-write with the version condition; `change` returning undefined means nothing to do. */
  private async update(
    incidentId: string,
    change: (record: IncidentRecord) => IncidentRecord | undefined,
  ): Promise<IncidentRecord> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const record = await this.table.getRecord(incidentId);
      if (!record) throw new IntakeStoreError(`incident ${incidentId} not found in ${this.table.tableName}`);
      const changed = change(record);
      if (!changed) return record;
      const after = { ...changed, version: record.version + 1, updatedAt: this.clock().toISOString() };
      if (await this.table.replaceRecord(record, after)) return after;
      await backoff(attempt);
    }
    throw new IntakeStoreError(
      `gave up updating incident ${incidentId}: ${this.maxAttempts} conflicting writes`,
    );
  }

  /** The newest incident under an open key: start from the hint, then probe forward (hints may lag). */
  private async newestUnder(openKey: string, now: Date) {
    const hint = await this.table.getHint(keys.openKey(openKey));
    const hinted = hint?.generation ?? 0;
    let generation = hinted;
    let current = generation > 0 ? await this.table.getRecord(incidentIdFor(openKey, generation)) : undefined;
    for (let probe = 0; probe < MAX_PROBES; probe++) {
      const next = await this.table.getRecord(incidentIdFor(openKey, generation + 1));
      if (!next) break;
      generation += 1;
      current = next;
    }
    if (current && generation > hinted) {
      await this.table.putHint(keys.openKey(openKey), current.incident.id, now, generation);
    }
    return { generation, current };
  }

  private async byResource(alert: Alert): Promise<IncidentRecord[]> {
    const hints = await Promise.all(
      resourceKeys(alert.resources)
        .slice(0, 10)
        .map((key) => this.table.getHint(keys.resource(key))),
    );
    const ids = [...new Set(hints.map((h) => h?.incidentId).filter((id): id is string => !!id))];
    const records = await Promise.all(ids.map((id) => this.table.getRecord(id)));
    return records.filter((r): r is IncidentRecord => !!r && isOpen(r));
  }

  /** Everything `decide` needs: the newest incident under the alert's key, its alarm's and resources'. */
  private async load(alert: Alert, now: Date): Promise<DecideInput> {
    const openKey = openKeyOf(alert);
    const [{ generation, current }, fpHint, byResource] = await Promise.all([
      this.newestUnder(openKey, now),
      this.table.getHint(keys.fingerprint(alert.fingerprint)),
      CONTEXT_SOURCES.has(alert.source) ? this.byResource(alert) : Promise.resolve([]),
    ]);
    const hinted = fpHint?.incidentId;
    const byFingerprint =
      hinted && hinted === current?.incident.id
        ? current
        : hinted
          ? await this.table.getRecord(hinted)
          : undefined;
    return {
      alert,
      now,
      config: this.config,
      byFingerprint,
      current,
      byResource,
      next: { id: incidentIdFor(openKey, generation + 1), openKey, generation: generation + 1 },
    };
  }

  /** Updates the hints after a successful write; failures are reported, not thrown (hints are verified). */
  private async writeHints(
    before: IncidentRecord | undefined,
    after: IncidentRecord,
    alert: Alert,
    now: Date,
  ): Promise<string[]> {
    const id = after.incident.id;
    const writes: Promise<void>[] = [];
    if (!before) writes.push(this.table.putHint(keys.openKey(after.openKey), id, now, after.generation));
    if (!CONTEXT_SOURCES.has(alert.source)) {
      if (!before || !tracks(before, alert.fingerprint)) {
        writes.push(this.table.putHint(keys.fingerprint(alert.fingerprint), id, now));
      }
      const known = new Set(before?.resourceKeys ?? []);
      for (const key of after.resourceKeys) {
        if (!known.has(key)) writes.push(this.table.putHint(keys.resource(key), id, now));
      }
    }
    const results = await Promise.allSettled(writes);
    return results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => `hint write failed: ${(r.reason as Error)?.message ?? String(r.reason)}`);
  }
}
