/**
 * The worker handler on a Lambda context with 30 s left, on a scenario whose verification runs its whole
 * 15-minute window (the restart works, but the instance leaks again at once): every invocation ends in time
 * (the clock fails any sleep past the 30 s), each wait's wake-up is scheduled once through the real
 * EventBridge Scheduler adapter, redelivered wake-ups change nothing, and after delivering the wake-ups the
 * incident ends as the in-process run does, with exactly one action.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { CreateScheduleCommand, SchedulerClient } from "@aws-sdk/client-scheduler";
import { MemorySaver } from "@langchain/langgraph";
import type { Context, SQSEvent, SQSRecord } from "aws-lambda";
import { mockClient } from "aws-sdk-client-mock";
import { beforeAll, describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { SchedulerWakeups } from "../../tools/aws/wakeups.js";
import type { Incident } from "../../tools/domain/index.js";
import { BudgetGuardClock } from "../../tools/local/budget-clock.js";
import { loadScenario, type Scenario } from "../../tools/sandbox/index.js";
import { signedResume } from "../approvals/sign-decision.js";
import type { ApprovalWaitList } from "../approvals/wait-list.js";
import type { IncidentStore } from "../intake/index.js";
import { type Approver, driveIncident, pendingApproval } from "../runtime/drive.js";
import { prepareSimulatedRun } from "../runtime/local.js";
import { Responder } from "../runtime/responder.js";
import type { WorkCommand } from "../runtime/work-queue.js";
import { createWorkerHandler } from "./core/worker-handler.js";

const logger = new Logger({ serviceName: "air-test", logLevel: "SILENT" });
const REMAINING_MS = 30_000;
const INSTANCE = "i-0a1b2c3d4e5f60712";

let retriever: RunbookRetriever;
let scenario: Scenario;

beforeAll(async () => {
  retriever = await createRetriever();
  const base = await loadScenario(
    new URL("../../evals/scenarios/memory-leak-ec2.yaml", import.meta.url).pathname,
  );
  // The restart (minute 22) frees the memory, but a second leak starts right after: verification watches
  // the full 15 minutes, finds no recovery and escalates (a restart has no rollback).
  scenario = {
    ...base,
    faults: [
      ...base.faults,
      {
        kind: "memory-leak",
        target: INSTANCE,
        startMinute: 23,
        params: { startPercent: 95, ratePerMinute: 0.2 },
      },
    ],
  } as Scenario;
});

function sqsEvent(command: WorkCommand, id: string): SQSEvent {
  const record = {
    messageId: id,
    receiptHandle: id,
    body: JSON.stringify(command),
    attributes: {
      ApproximateReceiveCount: "1",
      SentTimestamp: "0",
      SenderId: "scheduler",
      ApproximateFirstReceiveTimestamp: "0",
      MessageGroupId: command.incidentId,
    },
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:123456789012:air-run.fifo",
    awsRegion: "us-east-1",
  } as SQSRecord;
  return { Records: [record] };
}

const context = {
  getRemainingTimeInMillis: () => REMAINING_MS,
  functionName: "air-worker",
} as unknown as Context;

function memoryStore(incident: Incident): IncidentStore {
  let current = incident;
  return {
    getIncident: async (id: string) => (id === current.id ? current : undefined),
    setStatus: async (_id: string, status: Incident["status"]) => {
      current = { ...current, status };
      return current;
    },
  } as unknown as IncidentStore;
}

/** Alice accepts, signed as if she followed her approval link. */
const alice =
  (key: string, now: () => Date): Approver =>
  async (request) =>
    signedResume(key, request, { decision: "accept", comment: "go" }, "link:alice", now());

/** Incidents waiting for a human, as the sweeper would see them. */
const awaitingHuman = new Set<string>();
const waitList: ApprovalWaitList = {
  add: async (id) => {
    awaitingHuman.add(id);
  },
  remove: async (id) => {
    awaitingHuman.delete(id);
  },
  waitingSince: async () => [],
};

describe("worker Lambda: durable waits", () => {
  it("30 s left, 15-minute verification: ends every invocation in time, wakes up once per wait, acts once", async () => {
    // The in-process run, sleeping through every wait: the outcome to match.
    const reference = prepareSimulatedRun(scenario, { retriever });
    const inProcess = await driveIncident(
      reference.graph,
      reference.incident!.id,
      { incident: reference.incident! },
      { approver: alice(reference.approvalKey, () => reference.sandbox.clock.now()) },
    );
    expect(inProcess.state.verification?.waitedMinutes).toBe(15);

    const run = prepareSimulatedRun(scenario, { retriever, checkpointer: new MemorySaver() });
    const incident = run.incident!;
    const clock = new BudgetGuardClock(run.sandbox.clock);
    run.ports.clock = clock;

    // EventBridge Scheduler, mocked at the SDK: a name already taken is a ConflictException, as in AWS.
    const scheduler = mockClient(SchedulerClient);
    const created = new Map<string, { at: number; body: string; group?: string }>();
    scheduler.on(CreateScheduleCommand).callsFake((input) => {
      if (created.has(input.Name)) {
        throw Object.assign(new Error("exists"), {
          name: "ConflictException",
          $metadata: { httpStatusCode: 409 },
        });
      }
      const at = Date.parse(`${/^at\((.+)\)$/.exec(input.ScheduleExpression)?.[1]}Z`);
      created.set(input.Name, {
        at,
        body: input.Target.Input,
        group: input.Target.SqsParameters?.MessageGroupId,
      });
      return { ScheduleArn: `arn:aws:scheduler:us-east-1:123456789012:schedule/air/${input.Name}` };
    });
    const wakeups = new SchedulerWakeups(
      new SchedulerClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } }),
      {
        groupName: "air-wakeups",
        queueArn: "arn:aws:sqs:us-east-1:123456789012:air-run.fifo",
        roleArn: "arn:aws:iam::123456789012:role/air-scheduler",
      },
    );
    const responder = new Responder({
      graph: run.graph,
      store: memoryStore(incident),
      queue: { enqueue: async () => {} },
      waitList,
      wakeups,
      now: () => run.sandbox.clock.now(),
    });
    const handler = createWorkerHandler(async () => ({ responder, clock }), { logger });

    const durations: number[] = [];
    let n = 0;
    const invoke = async (command: WorkCommand) => {
      const started = run.sandbox.clock.nowMs();
      // Lambda's hard limit: any sleep past the remaining time fails the invocation (and this test).
      clock.deadlineMs = started + REMAINING_MS;
      const response = await handler(sqsEvent(command, `m-${++n}`), context);
      clock.deadlineMs = undefined;
      durations.push(run.sandbox.clock.nowMs() - started);
      expect(response?.batchItemFailures ?? []).toEqual([]);
    };

    await invoke({ kind: "start", incidentId: incident.id });
    expect(awaitingHuman.has(incident.id)).toBe(true);
    const request = await pendingApproval(run.graph, incident.id);
    expect(request).toBeDefined();
    const resume = await alice(run.approvalKey, () => run.sandbox.clock.now())(request!, incident);
    await invoke({ kind: "resume", incidentId: incident.id, commandId: "approval-1", resume });
    // Approved and acting: parked at a wait for time, no longer for a human (the sweeper leaves it alone).
    expect(awaitingHuman.has(incident.id)).toBe(false);

    const delivered = new Set<string>();
    let redelivered = false;
    for (let i = 0; i < 100; i++) {
      const next = [...created.entries()]
        .filter(([name]) => !delivered.has(name))
        .sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      const [name, schedule] = next;
      delivered.add(name);
      expect(schedule.group).toBe(incident.id);
      const wait = schedule.at - run.sandbox.clock.nowMs();
      if (wait > 0) run.sandbox.clock.advanceMs(wait);
      const command = JSON.parse(schedule.body) as WorkCommand;
      await invoke(command);
      if (!redelivered) {
        // SQS redelivers the same wake-up: it is recognised and skipped; nothing runs twice.
        redelivered = true;
        const startsBefore = run.sandbox.automationStarts.length;
        await invoke(command);
        expect(run.sandbox.automationStarts.length).toBe(startsBefore);
      }
    }

    const final = await run.graph.getState({ configurable: { thread_id: incident.id } });
    const state = final.values as typeof inProcess.state;
    expect(state.outcome).toBe(inProcess.state.outcome);
    expect(state.outcome).toBe("escalated");
    expect(state.verification?.recovered).toBe(false);
    expect(state.verification?.waitedMinutes).toBe(15);
    expect(run.sandbox.automationStarts).toHaveLength(1);
    expect(reference.sandbox.automationStarts).toHaveLength(1);
    // Every invocation ended within what it had (virtual time slept; compute is milliseconds).
    expect(Math.max(...durations)).toBeLessThanOrEqual(REMAINING_MS);
    // One schedule per wait, each delivered once; the verification alone needed more than ten.
    const calls = scheduler.commandCalls(CreateScheduleCommand).map((c) => c.args[0].input.Name);
    // The only repeated CreateSchedule is the redelivered wake-up re-ensuring the pending one (a conflict).
    expect(calls).toHaveLength(created.size + 1);
    expect(new Set(calls).size).toBe(created.size);
    expect(delivered.size).toBe(created.size);
    expect(created.size).toBeGreaterThanOrEqual(15);
    scheduler.restore();
  });
});
