/**
 * Load under faults: many incidents at once through the local runtime — each alarm's EventBridge JSON
 * into intake (incident store on dynalite), a start on the per-incident serial queue, the graph with
 * checkpoints on dynalite — with the AWS fault layer on in the DynamoDB client and in every simulated
 * account's ports. Each incident has its own simulated account (its own account id, so intake opens one
 * incident per account). Checks: none lost, each action once, the outcome of a clean run; reports p50/p95
 * wall time per incident.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { createApprovalsTable } from "../../handlers/approvals/token-store.js";
import { DynamoApprovalWaitList } from "../../handlers/approvals/wait-list.js";
import { createIncidentTable, IncidentStore } from "../../handlers/intake/index.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import { RUN_MAX_RECEIVE_COUNT } from "../../handlers/runtime/redrive.js";
import { Responder } from "../../handlers/runtime/responder.js";
import { threadPhase } from "../../handlers/runtime/thread-phase.js";
import { KeyedSerialQueue } from "../../handlers/runtime/work-queue.js";
import { injectPortFaults } from "../../tools/faults/port-faults.js";
import { withRetries } from "../../tools/faults/retry.js";
import { AWS_FAULT_CLASSES, type AwsFaultClass, FaultSchedule } from "../../tools/faults/schedule.js";
import { injectSdkFaults } from "../../tools/faults/sdk-faults.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { localAwsClientConfig } from "../../tools/local-aws/servers.js";
import { scriptedApprover } from "../harness/approver.js";
import { loadScenario, type Scenario } from "../scenario/index.js";
import { type ChaosWorld, quickRetries } from "./contexts.js";
import { CRASH_SCENARIOS_DIR, LOAD_SCENARIOS } from "./scenarios.js";

export interface LoadIncident {
  scenario: string;
  incidentId?: string;
  finished: boolean;
  outcome?: string;
  actions: number;
  seconds: number;
  /** Deliveries after a failed one (SQS redelivery after the visibility timeout). */
  redeliveries?: number;
  problem?: string;
}

export interface LoadResult {
  concurrent: number;
  lost: number;
  duplicated: number;
  mismatched: number;
  p50Seconds: number;
  p95Seconds: number;
  wallSeconds: number;
  faults: Record<AwsFaultClass, number>;
  incidents: LoadIncident[];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** The truth per scenario: outcome and number of actions of a clean, fault-free in-process run. */
async function truthOf(scenario: Scenario, world: ChaosWorld) {
  const run = prepareSimulatedRun(scenario, { retriever: world.retriever, outcomes: new MemoryOutcomes() });
  const { driveIncident } = await import("../../handlers/runtime/drive.js");
  const approver = scriptedApprover(scenario, [], run.approvalKey, () => run.sandbox.clock.now());
  const result = await driveIncident(run.graph, run.incident!.id, { incident: run.incident! }, { approver });
  return { outcome: result.state.outcome, actions: run.sandbox.automationStarts.length };
}

export async function runLoad(options: {
  world: ChaosWorld;
  seed: number;
  incidents: number;
  log?: (line: string) => void;
}): Promise<LoadResult> {
  const { world } = options;
  const sdkFaults = new FaultSchedule(options.seed ^ 0x1b873593);
  const portFaults = new FaultSchedule(options.seed ^ 0x2c1b3c6d);
  const client = new DynamoDBClient({
    ...localAwsClientConfig(world.endpoint),
    retryStrategy: quickRetries(),
  });
  const tables = {
    incidents: `chaos-incidents-${options.seed}`,
    approvals: `chaos-approvals-${options.seed}`,
  };
  await createIncidentTable(client, tables.incidents);
  await createApprovalsTable(client, tables.approvals);
  injectSdkFaults(client, sdkFaults);
  const scenarios = await Promise.all(
    LOAD_SCENARIOS.map((name) => loadScenario(`${CRASH_SCENARIOS_DIR}/${name}.yaml`)),
  );
  const truths = await Promise.all(scenarios.map((s) => truthOf(s, world)));
  const waitList = new DynamoApprovalWaitList(client, tables.approvals);
  const t0 = performance.now();
  const incidents = Array.from({ length: options.incidents }, (_, i) => {
    const which = i % scenarios.length;
    const scenario = scenarios[which]!;
    const run = prepareSimulatedRun(scenario, {
      retriever: world.retriever,
      outcomes: new MemoryOutcomes(),
      checkpointer: new DynamoDBSaver({ client, tableName: world.tableName }),
    });
    injectPortFaults(run.ports, portFaults);
    withRetries(run.ports, { maxAttempts: 6, baseMs: 1, capMs: 20 });
    const alarm = run.sandbox.events.find((e) => e.detail.state.value === "ALARM");
    const account = String(100_000_000_000 + i);
    // Its own account: the event and the alarm's ARN; the resources keep their ids (the world knows them).
    const event = { ...structuredClone(alarm!), account } as typeof alarm & { resources?: string[] };
    event.resources = (event.resources ?? []).map((r: string) => r.replace(/:\d{12}:/, `:${account}:`));
    const store = new IncidentStore({
      client,
      tableName: tables.incidents,
      clock: () => run.sandbox.clock.now(),
      config: {
        serviceMap: {
          byAlarmPrefix: Object.fromEntries(scenario.triggers.map((t) => [t.name, t.service ?? "unknown"])),
        },
      },
    });
    const approver = scriptedApprover(scenario, [], run.approvalKey, () => run.sandbox.clock.now());
    const record: LoadIncident & { truth: (typeof truths)[number] } = {
      scenario: scenario.metadata.id,
      finished: false,
      actions: 0,
      seconds: 0,
      truth: truths[which]!,
    };
    let responder: Responder;
    // As SQS does: a command whose worker failed is delivered again, up to the run queue's maxReceiveCount;
    // the worker continues the thread from its checkpoint. Only a command failing every delivery counts.
    const queue = new KeyedSerialQueue(async (command) => {
      for (let receive = 1; ; receive++) {
        try {
          return await responder.work(command);
        } catch (error) {
          if (receive >= RUN_MAX_RECEIVE_COUNT) throw error;
          record.redeliveries = (record.redeliveries ?? 0) + 1;
        }
      }
    });
    responder = new Responder({
      graph: run.graph,
      store,
      queue,
      waitList,
      now: () => run.sandbox.clock.now(),
      onResult: (id, result) => {
        record.incidentId = id;
        record.seconds = (performance.now() - t0) / 1000;
        if ("paused" in result && result.paused && result.pending) {
          void approver(result.pending, result.state.incident).then((resume) =>
            queue.enqueue({ kind: "resume", incidentId: id, commandId: `approval-${id}`, resume }),
          );
        }
      },
    });
    return { run, event, responder, queue, record };
  });
  options.log?.(`load: ${incidents.length} incidents ingested at once`);
  const ingested = await Promise.all(
    incidents.map(async (x) => {
      try {
        return await x.responder.ingest(x.event);
      } catch (error) {
        x.record.problem = `intake failed: ${(error as Error).message}`;
        return undefined;
      }
    }),
  );
  // Approvals arrive while the queues run; drain until nothing is left anywhere.
  for (let round = 0; round < 10; round++) {
    await Promise.all(incidents.map((x) => x.queue.drain()));
    await new Promise((r) => setTimeout(r, 10));
    if (incidents.every((x) => x.queue.failures.length === 0 || x.record.problem)) {
      const idle = await Promise.all(incidents.map((x) => x.queue.drain().then(() => true)));
      if (idle.every(Boolean)) break;
    }
  }
  let lost = 0;
  let duplicated = 0;
  let mismatched = 0;
  for (const [i, x] of incidents.entries()) {
    const result = ingested[i];
    const id = result?.ok ? result.decisions.find((d) => d.incident)?.incident?.id : undefined;
    const r = x.record;
    if (x.queue.failures.length > 0)
      r.problem = `worker failed: ${x.queue.failures.map((f) => f.error.message).join("; ")}`;
    if (id) {
      r.incidentId = id;
      const phase = await threadPhase(x.run.graph, id);
      r.finished = phase.phase === "done";
      const state = (await x.run.graph.getState({ configurable: { thread_id: id } })).values as {
        outcome?: string;
      };
      if (state.outcome) r.outcome = state.outcome;
    } else r.problem ??= "intake opened no incident";
    r.actions = x.run.sandbox.automationStarts.length;
    if (!r.finished) lost += 1;
    if (r.actions > r.truth.actions) duplicated += r.actions - r.truth.actions;
    if (r.finished && (r.outcome !== r.truth.outcome || r.actions !== r.truth.actions)) {
      mismatched += 1;
      r.problem ??= `outcome ${r.outcome} with ${r.actions} action(s); clean run: ${r.truth.outcome} with ${r.truth.actions}`;
    }
  }
  const seconds = incidents.map((x) => x.record.seconds).sort((a, b) => a - b);
  client.destroy();
  const faults = Object.fromEntries(
    AWS_FAULT_CLASSES.map((c) => [c, sdkFaults.injected[c] + portFaults.injected[c]]),
  ) as Record<AwsFaultClass, number>;
  return {
    concurrent: incidents.length,
    lost,
    duplicated,
    mismatched,
    p50Seconds: percentile(seconds, 50),
    p95Seconds: percentile(seconds, 95),
    wallSeconds: (performance.now() - t0) / 1000,
    faults,
    incidents: incidents.map(({ record: { truth: _t, ...rest } }) => rest),
  };
}
