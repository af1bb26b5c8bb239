/**
 * One incident driven through the worker's Lambda handler over an in-process SQS FIFO queue, the way the
 * deployed stack runs it: the event source mapping receives a batch, invokes the handler with a
 * Lambda-shaped SQS event and a context whose `getRemainingTimeInMillis` counts down in real time, deletes
 * what succeeded and leaves the rest to come back after the visibility timeout; the redrive policy moves a
 * message to the dead-letter queue after `maxReceiveCount` receives. Wake-ups go through the scheduler
 * stand-in into the same queue; approvals are answered by the scripted approver through resume commands.
 * Hooks let a case lose deletes, kill a process mid-graph, deliver concurrently or queue stray commands.
 */
import { createHash, randomUUID } from "node:crypto";
import { Logger } from "@aws-lambda-powertools/logger";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { Context, SQSBatchResponse, SQSRecord } from "aws-lambda";
import { createWorkerHandler } from "../../handlers/lambda/core/worker-handler.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import { RUN_MAX_RECEIVE_COUNT } from "../../handlers/runtime/redrive.js";
import { Responder } from "../../handlers/runtime/responder.js";
import { threadPhase } from "../../handlers/runtime/thread-phase.js";
import type { WorkCommand } from "../../handlers/runtime/work-queue.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident } from "../../tools/domain/index.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import { ScheduledWakeups } from "../../tools/local/scheduled-wakeups.js";
import { InProcessFifoQueue, sqsEvent } from "../../tools/local/sqs-fifo-queue.js";
import type { Ports } from "../../tools/ports.js";
import { scriptedApprover } from "../harness/approver.js";
import { memoryWaitList } from "../harness/lambda-run.js";
import type { Scenario } from "../scenario/index.js";
import { CrashInjector, crashingSaver, injectCrashPoints, SimulatedCrash } from "./crash-injector.js";
import { type ObservedRun, observe } from "./crash-run.js";

/** The worker's timeout in the harness (real ms): `getRemainingTimeInMillis` starts here. */
export const HARNESS_WORKER_TIMEOUT_MS = 60_000;
/** Visibility timeout of the run queue in the harness (queue-clock ms): six times the worker's timeout. */
export const HARNESS_VISIBILITY_MS = 6 * HARNESS_WORKER_TIMEOUT_MS;
const MAX_POLLS = 400;

const silent = new Logger({ serviceName: "air-chaos", logLevel: "SILENT" });

/** The run queue as the stack makes it (FIFO, the worker's redrive policy) and its dead-letter queue. */
export function runQueues(now: () => number): { queue: InProcessFifoQueue; dlq: InProcessFifoQueue } {
  const dlq = new InProcessFifoQueue({ name: "air-run-dlq.fifo", visibilityTimeoutMs: 30_000, now });
  const queue = new InProcessFifoQueue({
    name: "air-run.fifo",
    visibilityTimeoutMs: HARNESS_VISIBILITY_MS,
    maxReceiveCount: RUN_MAX_RECEIVE_COUNT,
    deadLetter: dlq,
    now,
  });
  return { queue, dlq };
}

export interface QueueRunHooks {
  /** Drop the first delete of every message (the consumer died before deleting): each is delivered twice. */
  loseFirstDeletes?: boolean;
  /** Kill the worker process at this crash point (counted over the whole run). */
  crashAt?: number;
  /** Before the n-th invocation (1-based), let the visibility timeout lapse while it runs and deliver again. */
  concurrentDeliveryAt?: number;
  /** Commands queued before the start, as stray or early deliveries. */
  before?: (incidentId: string) => WorkCommand[];
  /** Extra commands queued around each answered approval (stale, duplicate), in the order given. */
  aroundResume?: (resume: WorkCommand) => WorkCommand[];
  /** Raw bodies queued first (poison messages), each in its own message group. */
  poison?: string[];
  /** Wraps the ports (the AWS fault layer). */
  decoratePorts?: (ports: Ports) => void;
}

export interface QueueRun extends Pick<ObservedRun, "effects" | "chainIntact" | "outcome"> {
  incidentId?: string;
  finished: boolean;
  status?: Incident["status"];
  statusReason?: string;
  invocations: number;
  deliveries: number;
  redeliveries: number;
  deadLettered: number;
  /** The DLQ alarm's condition: ApproximateNumberOfMessagesVisible > 0 on the dead-letter queue. */
  dlqAlarm: boolean;
  dlqBodies: string[];
  crashed: boolean;
  /** Crash points the run passed (where a case can kill the worker). */
  crashPoints: number;
  wallMs: number;
}

/** A Lambda context whose remaining time counts down in real time from `timeoutMs`. */
export function lambdaContext(timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: "air-worker",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:000000000000:function:air-worker",
    memoryLimitInMB: "1024",
    awsRequestId: randomUUID(),
    logGroupName: "/aws/lambda/air-worker",
    logStreamName: "chaos",
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}

const dedupOf = (body: string) => createHash("sha256").update(body).digest("hex").slice(0, 64);

/** Runs one scenario's incident through the queue and the worker handler until nothing is left to do. */
export async function runThroughQueue(
  scenario: Scenario,
  world: { retriever: RunbookRetriever; saver: () => BaseCheckpointSaver; label: string },
  hooks: QueueRunHooks = {},
): Promise<QueueRun> {
  const w0 = performance.now();
  const run = prepareSimulatedRun(scenario, {
    retriever: world.retriever,
    reasoner: { mode: "rules" },
    outcomes: new MemoryOutcomes(),
    incidentPrefix: `${scenario.metadata.id}-q-${world.label}`,
  });
  const injector = new CrashInjector(hooks.crashAt);
  injectCrashPoints(run.ports, () => injector);
  hooks.decoratePorts?.(run.ports);
  let qnow = 0;
  const { queue, dlq } = runQueues(() => qnow);
  const send = (command: WorkCommand) => {
    const body = JSON.stringify(command);
    queue.send(body, command.incidentId, dedupOf(body));
  };
  for (const body of hooks.poison ?? [])
    queue.send(body, `poison-${dedupOf(body).slice(0, 8)}`, dedupOf(body));
  const incident = run.incident;
  const status: { value?: Incident["status"]; reason?: string } = {};
  const empty = { effects: { actions: [], approvalRequests: 0, notifications: [], audit: [], reports: 0 } };
  const wakeups = new ScheduledWakeups();
  const waitList = memoryWaitList();
  const store = {
    async getIncident(id: string) {
      return incident && id === incident.id
        ? { ...incident, ...(status.value ? { status: status.value } : {}) }
        : undefined;
    },
    async setStatus(_id: string, value: Incident["status"], reason?: string) {
      status.value = value;
      status.reason = reason;
      return incident;
    },
  };
  // A worker process: its own graph instance over the shared checkpoint table (a cold start).
  const coldStart = () => {
    const graph = run.compile(crashingSaver(world.saver(), injector));
    const responder = new Responder({
      graph,
      store: store as never,
      queue: { enqueue: async (c) => send(c) },
      waitList,
      wakeups,
      now: () => run.sandbox.clock.now(),
    });
    return {
      graph,
      handler: createWorkerHandler(async () => ({ responder, clock: run.ports.clock }), { logger: silent }),
    };
  };
  let worker = coldStart();
  const deletedOnce = new Set<string>();
  let invocations = 0;
  let deliveries = 0;
  let redeliveries = 0;
  let approvals = 0;
  const invoke = async (records: SQSRecord[], w = worker) => {
    invocations += 1;
    deliveries += records.length;
    redeliveries += records.filter((r) => r.attributes.ApproximateReceiveCount !== "1").length;
    const crashedBefore = injector.crashed;
    let response: SQSBatchResponse | undefined;
    try {
      response = (await w.handler(
        sqsEvent(records),
        lambdaContext(HARNESS_WORKER_TIMEOUT_MS),
      )) as SQSBatchResponse;
    } catch (error) {
      if (!(error instanceof SimulatedCrash)) throw error;
    }
    if (injector.crashed !== crashedBefore) {
      // The process died mid-graph (a timeout or a crash): nothing is deleted; a new process takes over.
      worker = coldStart();
      return;
    }
    const failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    for (const r of records) {
      if (failed.has(r.messageId)) continue; // visible again after the visibility timeout
      if (hooks.loseFirstDeletes && !deletedOnce.has(r.messageId)) {
        deletedOnce.add(r.messageId);
        continue;
      }
      queue.delete(r.receiptHandle);
    }
  };
  if (incident) {
    for (const c of hooks.before?.(incident.id) ?? []) send(c);
    send({ kind: "start", incidentId: incident.id });
  }
  const approver = scriptedApprover(scenario, [], run.approvalKey, () => run.sandbox.clock.now());
  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const records = queue.receive(10);
    if (records.length > 0) {
      if (hooks.concurrentDeliveryAt === invocations + 1) {
        // The first worker is still running when the visibility timeout lapses: a second one gets the message.
        const first = invoke(records);
        qnow += HARNESS_VISIBILITY_MS + 1;
        const again = queue.receive(10);
        const second = again.length > 0 ? invoke(again, coldStart()) : Promise.resolve();
        await Promise.all([first, second]);
      } else await invoke(records);
      continue;
    }
    if (queue.size > 0) {
      qnow += HARNESS_VISIBILITY_MS + 1; // in-flight or failed messages come back
      continue;
    }
    if (!incident) break;
    const phase = await threadPhase(worker.graph, incident.id);
    if (phase.phase === "approval" && approvals < 5 && status.value !== "escalated") {
      // The approver answers the request; the approval function queues the resume.
      const resume: WorkCommand = {
        kind: "resume",
        incidentId: incident.id,
        commandId: `approval-${++approvals}`,
        resume: await approver(phase.request, incident),
      };
      for (const c of hooks.aroundResume?.(resume) ?? [resume]) send(c);
      continue;
    }
    const next = wakeups.next();
    if (!next) break;
    const wait = next.at - run.sandbox.clock.nowMs();
    if (wait > 0) run.sandbox.clock.advanceMs(wait);
    const body = next.message;
    queue.send(body, next.incidentId, dedupOf(body));
  }
  const base = {
    invocations,
    deliveries,
    redeliveries,
    deadLettered: queue.movedToDeadLetter,
    dlqAlarm: dlq.approximateNumberOfMessagesVisible > 0,
    dlqBodies: dlq.bodies(),
    crashed: injector.crashed,
    crashPoints: injector.reached.length,
    ...(status.value ? { status: status.value } : {}),
    ...(status.reason ? { statusReason: status.reason } : {}),
  };
  if (!incident)
    return { ...base, ...empty, finished: true, chainIntact: true, wallMs: performance.now() - w0 };
  const phase = await threadPhase(worker.graph, incident.id);
  const state = (await worker.graph.getState({ configurable: { thread_id: incident.id } })).values;
  return {
    ...base,
    incidentId: incident.id,
    finished: phase.phase === "done",
    ...(await observe(run, incident.id, state as never)),
    wallMs: performance.now() - w0,
  };
}
