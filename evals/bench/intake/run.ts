/**
 * Drives a storm through the real intake path: `processIntake` → `IncidentStore.recordAlert` on an
 * in-process dynalite, in arrival order on a virtual clock, confirming run starts as the responder does.
 * Events of the same virtual minute are processed concurrently (`concurrency` at a time); minutes run one
 * after another. Also times `parseEvent` (parse + normalise + fingerprint) alone in memory.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  createIncidentTable,
  type DecisionKind,
  IncidentStore,
  parseEvent,
  processIntake,
} from "../../../handlers/intake/index.js";
import { localAwsClientConfig, startLocalDynamo } from "../../../tools/local-aws/servers.js";
import type { Storm, StormEvent } from "./storm.js";

/** What intake did with one delivery. */
export interface EventOutcome {
  seq: number;
  /** False when intake rejected the event (it would go to the DLQ) or the store gave up. */
  ok: boolean;
  kinds: DecisionKind[];
  /** The incident the (first) alert was recorded on, if any. */
  incidentId?: string;
  startRun: boolean;
  error?: string;
}

/** An incident as the store holds it after the storm. */
export interface FinalIncident {
  id: string;
  status: string;
  flapping: boolean;
  alertCount: number;
  runStarts: number;
}

export interface IntakeRun {
  outcomes: EventOutcome[];
  /** DynamoDB requests sent during the storm, by operation (GetItem, PutItem, Query...). */
  requests: Record<string, number>;
  /** Items returned by Query (incident assembly reads recent alert items). */
  queryItems: number;
  incidents: Map<string, FinalIncident>;
  wallMs: number;
  /** Virtual minutes processed (one concurrent batch each). */
  batches: number;
}

export interface RunOptions {
  concurrency: number;
  /** Called after every event with how many are done. */
  onProgress?: (done: number, total: number, elapsedMs: number) => void;
}

/** Runs `worker` over `items`, at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, worker: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await worker(item);
    }
  });
  await Promise.all(lanes);
}

/** Events grouped by virtual minute of arrival, in order. */
export function minuteBatches(events: readonly StormEvent[]): StormEvent[][] {
  const batches: StormEvent[][] = [];
  let minute = Number.NaN;
  for (const event of events) {
    const m = Math.floor(event.arrivalMs / 60_000);
    if (m !== minute) batches.push([]);
    minute = m;
    batches.at(-1)?.push(event);
  }
  return batches;
}

async function ingest(store: IncidentStore, event: StormEvent): Promise<EventOutcome> {
  try {
    const result = await processIntake(event.payload, { store });
    if (!result.ok)
      return { seq: event.seq, ok: false, kinds: [], startRun: false, error: result.error.message };
    const decisions = result.decisions;
    let startRun = false;
    for (const d of decisions) {
      if (d.startRun && d.incident) {
        startRun = true;
        await store.confirmRunStart(d.incident.id);
      }
    }
    const incidentId = decisions.find((d) => d.incident)?.incident?.id;
    return {
      seq: event.seq,
      ok: true,
      kinds: decisions.map((d) => d.kind),
      startRun,
      ...(incidentId ? { incidentId } : {}),
    };
  } catch (error) {
    return { seq: event.seq, ok: false, kinds: [], startRun: false, error: (error as Error).message };
  }
}

/** Runs the whole storm against a fresh dynalite table; dynalite is stopped afterwards. */
export async function runOnDynalite(storm: Storm, options: RunOptions): Promise<IntakeRun> {
  const dynamo = await startLocalDynamo();
  const client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  try {
    const tableName = "air-intake-bench";
    await createIncidentTable(client, tableName);
    const requests: Record<string, number> = {};
    let queryItems = 0;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const name = String(context.commandName ?? "unknown").replace(/Command$/, "");
        requests[name] = (requests[name] ?? 0) + 1;
        const out = await next(args);
        const count = (out.output as { Count?: number }).Count;
        if (name === "Query" && typeof count === "number") queryItems += count;
        return out;
      },
      { step: "initialize", name: "benchRequestCounter" },
    );
    let virtualNow = storm.startMs;
    const store = new IncidentStore({
      client,
      tableName,
      config: storm.intakeConfig,
      clock: () => new Date(virtualNow),
    });
    const outcomes: EventOutcome[] = new Array(storm.events.length);
    const batches = minuteBatches(storm.events);
    const started = performance.now();
    let done = 0;
    for (const batch of batches) {
      virtualNow = Math.max(...batch.map((e) => e.arrivalMs));
      await pool(batch, options.concurrency, async (event) => {
        outcomes[event.seq] = await ingest(store, event);
        done += 1;
        options.onProgress?.(done, storm.events.length, performance.now() - started);
      });
    }
    const wallMs = performance.now() - started;
    const counted = { requests: { ...requests }, queryItems };
    const ids = [...new Set(outcomes.flatMap((o) => (o.incidentId ? [o.incidentId] : [])))];
    const incidents = new Map<string, FinalIncident>();
    await pool(ids, 16, async (id) => {
      const record = await store.getRecord(id);
      if (!record) return;
      incidents.set(id, {
        id,
        status: record.incident.status,
        flapping: record.incident.flapping,
        alertCount: record.alertCount,
        runStarts: record.runStart.count,
      });
    });
    return { outcomes, ...counted, incidents, wallMs, batches: batches.length };
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

/**
 * `parseEvent` (shape detection, validation, normalisation, fingerprint, Alert check) over every event of
 * the storm, repeated until at least `minMs` has passed. Events/s and how many failed to parse.
 */
export function measureInMemory(storm: Storm, minMs = 1500): { eventsPerSecond: number; failures: number } {
  const serviceMap = storm.intakeConfig.serviceMap ?? {};
  let failures = 0;
  for (const event of storm.events) if (!parseEvent(event.payload, { serviceMap }).ok) failures += 1;
  let count = 0;
  const started = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const event of storm.events) parseEvent(event.payload, { serviceMap });
    count += storm.events.length;
    elapsed = performance.now() - started;
  }
  return { eventsPerSecond: count / (elapsed / 1000), failures };
}
