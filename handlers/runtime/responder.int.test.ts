import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCheckpointTable, DynamoDBSaver } from "../../graph/checkpoint/index.js";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { type LocalServer, localAwsClientConfig, startLocalDynamo } from "../../tools/local-aws/servers.js";
import { loadScenario } from "../../tools/sandbox/index.js";
import { issueApprovalToken } from "../approvals/token.js";
import { createApprovalsTable, DynamoUsedTokenStore } from "../approvals/token-store.js";
import { verifyApproval } from "../approvals/verify.js";
import { DynamoApprovalWaitList } from "../approvals/wait-list.js";
import { createIncidentTable, IncidentStore } from "../intake/index.js";
import { pendingApproval } from "./drive.js";
import { prepareSimulatedRun } from "./local.js";
import { Responder } from "./responder.js";
import { KeyedSerialQueue } from "./work-queue.js";

const SECRET = "a-test-signing-secret-of-32-chars!!";
let dynamo: LocalServer;
let client: DynamoDBClient;
let retriever: RunbookRetriever;
let tableNo = 0;

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  retriever = await createRetriever();
});
afterAll(async () => {
  client.destroy();
  await dynamo.stop();
});

async function setup(name: string) {
  const n = ++tableNo;
  const tables = {
    incidents: `incidents-${n}`,
    approvals: `approvals-${n}`,
    checkpoints: `checkpoints-${n}`,
  };
  await createIncidentTable(client, tables.incidents);
  await createApprovalsTable(client, tables.approvals);
  await createCheckpointTable(client, tables.checkpoints);
  const scenario = await loadScenario(
    new URL(`../../evals/scenarios/${name}.yaml`, import.meta.url).pathname,
  );
  const saver = new DynamoDBSaver({ client, tableName: tables.checkpoints });
  // The approval function signs a verified link holder's decision with the same secret the worker verifies.
  const run = prepareSimulatedRun(scenario, { retriever, checkpointer: saver, approvalKey: SECRET });
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
  const waitList = new DynamoApprovalWaitList(client, tables.approvals);
  const usedTokens = new DynamoUsedTokenStore(client, tables.approvals);
  let responder: Responder;
  const queue = new KeyedSerialQueue((command) => responder.work(command));
  responder = new Responder({ graph: run.graph, store, queue, waitList, now: () => run.sandbox.clock.now() });
  const alarm = run.sandbox.events.find((e) => e.detail.state.value === "ALARM");
  if (!alarm) throw new Error("no alarm");
  return { ...run, store, queue, responder, waitList, usedTokens, alarm };
}

describe("responder: intake → queue → graph on DynamoDB", () => {
  it("50 concurrent deliveries of the same alarm event: one incident, one run, one action", async () => {
    const s = await setup("disk-full-logs");
    const results = await Promise.all(
      Array.from({ length: 50 }, () => s.responder.ingest(structuredClone(s.alarm))),
    );
    await s.queue.drain();
    const decisions = results.flatMap((r) => (r.ok ? r.decisions : []));
    expect(decisions).toHaveLength(50);
    expect(decisions.filter((d) => d.startRun)).toHaveLength(1);
    expect(new Set(decisions.map((d) => d.incident?.id)).size).toBe(1);
    expect(s.queue.failures).toEqual([]);
    expect(s.sandbox.automationStarts).toHaveLength(1);
    const incident = await s.store.getIncident(decisions[0]!.incident!.id);
    expect(incident?.status).toBe("resolved");
  });

  it("reports a malformed event as an error without touching the store", async () => {
    const s = await setup("disk-full-logs");
    const result = await s.responder.ingest({
      "detail-type": "CloudWatch Alarm State Change",
      source: "aws.cloudwatch",
    });
    expect(result.ok).toBe(false);
    expect(s.sandbox.automationStarts).toHaveLength(0);
  });

  it("signed approval: bound to the action, single use, then the action runs once", async () => {
    const s = await setup("bad-ecs-deploy");
    const ingested = await s.responder.ingest(s.alarm);
    await s.queue.drain();
    const id = ingested.ok ? ingested.decisions[0]!.incident!.id : "";
    const pending = await pendingApproval(s.graph, id);
    expect(pending?.action_request.action).toBe("ecs-rollback-service");
    expect((await s.store.getIncident(id))?.status).toBe("awaiting-approval");
    const now = s.sandbox.clock.now();
    const deps = {
      secret: SECRET,
      now,
      usedTokens: s.usedTokens,
      pendingApproval: (incident: string) => pendingApproval(s.graph, incident),
      allowedApprovers: ["link:alice"],
    };
    const issue = (args: Record<string, unknown>, ttl = 600, approver = "alice") =>
      issueApprovalToken(SECRET, {
        incidentId: id,
        actionId: "ecs-rollback-service",
        args,
        ttlSeconds: ttl,
        now,
        ...(approver ? { approver } : {}),
      }).token;
    const good = issue(pending!.action_request.args);

    const swapped = await verifyApproval(
      {
        token: issue({ ...pending!.action_request.args, taskDefinition: "checkout:1" }),
        decision: "accept",
        approver: "alice",
      },
      deps,
    );
    expect(swapped).toMatchObject({ ok: false, status: 403 });
    const forged = await verifyApproval(
      { token: `${good.split(".")[0]}.AAAA`, decision: "accept", approver: "alice" },
      deps,
    );
    expect(forged).toMatchObject({ ok: false, status: 401 });
    const expired = await verifyApproval(
      { token: good, decision: "accept", approver: "alice" },
      { ...deps, now: new Date(now.getTime() + 3_600_000) },
    );
    expect(expired).toMatchObject({ ok: false, status: 401 });
    const stranger = await verifyApproval({ token: good, decision: "accept", approver: "mallory" }, deps);
    expect(stranger).toMatchObject({ ok: false, status: 403 });
    // A link bound to nobody can only reject: typing a name is not authentication.
    const unbound = await verifyApproval(
      { token: issue(pending!.action_request.args, 600, ""), decision: "accept", approver: "alice" },
      deps,
    );
    expect(unbound).toMatchObject({ ok: false, status: 403 });
    const notAllowed = await verifyApproval(
      { token: issue(pending!.action_request.args, 600, "bob"), decision: "accept", approver: "bob" },
      deps,
    );
    expect(notAllowed).toMatchObject({ ok: false, status: 403 });

    const accepted = await verifyApproval({ token: good, decision: "accept", approver: "alice" }, deps);
    expect(accepted.ok).toBe(true);
    const reused = await verifyApproval({ token: good, decision: "accept", approver: "alice" }, deps);
    expect(reused).toMatchObject({ ok: false, status: 409 });

    if (!accepted.ok) throw new Error("unreachable");
    await s.queue.enqueue({ kind: "resume", incidentId: id, resume: accepted.resume, commandId: "c1" });
    await s.queue.enqueue({ kind: "resume", incidentId: id, resume: accepted.resume, commandId: "c1" });
    await s.queue.drain();
    expect(s.sandbox.automationStarts).toHaveLength(1);
    expect((await s.store.getIncident(id))?.status).toBe("resolved");
    expect(await s.waitList.waitingSince(new Date(now.getTime() + 86_400_000))).toEqual([]);
  });

  it("the sweeper escalates an approval that waited too long", async () => {
    const s = await setup("memory-leak-ec2");
    const ingested = await s.responder.ingest(s.alarm);
    await s.queue.drain();
    const id = ingested.ok ? ingested.decisions[0]!.incident!.id : "";
    expect(await s.responder.sweep(30)).toEqual([]);
    s.sandbox.advance(31);
    expect(await s.responder.sweep(30)).toEqual([id]);
    await s.queue.drain();
    const state = await s.graph.getState({ configurable: { thread_id: id } });
    expect(state.values.outcome).toBe("escalated");
    expect(state.values.humanDecision.by).toBe("air-sweeper");
    expect(s.sandbox.automationStarts).toHaveLength(0);
  });
});
