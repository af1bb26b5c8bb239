/** IncidentStore against dynalite (DynamoDB's API in-process): conditional writes under real concurrency. */
import type { Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IncidentSchema } from "../../../tools/domain/incident.js";
import type { IntakeConfigInput } from "../correlate/config.js";
import { loadFixture } from "../fixtures/load.js";
import { processIntake } from "../intake.js";
import { IncidentStore } from "./incident-store.js";
import { IntakeStoreError } from "./record-io.js";
import { createIncidentTable } from "./table.js";

const require = createRequire(import.meta.url);
const dynalite = require("dynalite") as (options: { createTableMs: number }) => Server;

let server: Server;
let client: DynamoDBClient;
let tables = 0;

beforeAll(async () => {
  server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  client = new DynamoDBClient({
    region: "us-east-1",
    endpoint: `http://127.0.0.1:${port}`,
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
});

afterAll(async () => {
  client?.destroy();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** A store on a fresh table. */
async function freshStore(config: IntakeConfigInput = {}, clock?: () => Date): Promise<IncidentStore> {
  const tableName = `incidents-${++tables}`;
  await createIncidentTable(client, tableName);
  return new IncidentStore({ client, tableName, config, ...(clock ? { clock } : {}) });
}

type AlarmEvent = {
  id: string;
  detail: { state: { value: string; timestamp: string; reason: string } };
};

/** The AWS metric-alarm sample with its delivery id, state and time replaced. */
function alarmEvent(id: string, state = "ALARM", minute = 0): AlarmEvent {
  const event = loadFixture(
    "aws-events",
    "cloudwatch-alarm-state-change-metric.json",
  ) as unknown as AlarmEvent;
  const timestamp = new Date(Date.parse("2019-10-02T17:04:40.989Z") + minute * 60_000).toISOString();
  return {
    ...event,
    id,
    detail: { ...event.detail, state: { ...event.detail.state, value: state, timestamp } },
  };
}

async function deliver(store: IncidentStore, event: unknown) {
  const result = await processIntake(event, { store });
  if (!result.ok) throw new Error(result.error.message);
  const decision = result.decisions[0];
  if (!decision) throw new Error("no decision");
  return decision;
}

const count = <T>(items: T[], predicate: (item: T) => boolean) => items.filter(predicate).length;

describe("IncidentStore on dynalite", () => {
  it("50 concurrent copies of one event: exactly one incident and one run start", async () => {
    const store = await freshStore();
    const event = alarmEvent("evt-same");
    const decisions = await Promise.all(
      Array.from({ length: 50 }, () => deliver(store, structuredClone(event))),
    );
    expect(count(decisions, (d) => d.kind === "opened")).toBe(1);
    expect(count(decisions, (d) => d.kind === "duplicate")).toBe(49);
    expect(count(decisions, (d) => d.startRun)).toBe(1);
    const ids = new Set(decisions.map((d) => d.incident?.id));
    expect(ids.size).toBe(1);
    const record = await store.getRecord([...ids][0] as string);
    expect(record?.alertCount).toBe(1);
    expect((await store.getIncident([...ids][0] as string))?.alerts).toHaveLength(1);
  });

  it("50 concurrent distinct events of one alarm: one incident holding all of them", async () => {
    const store = await freshStore();
    const events = Array.from({ length: 50 }, (_, i) => alarmEvent(`evt-${i}`, "ALARM", i % 5));
    const decisions = await Promise.all(events.map((event) => deliver(store, event)));
    expect(count(decisions, (d) => d.kind === "opened")).toBe(1);
    expect(count(decisions, (d) => d.kind === "attached")).toBe(49);
    expect(count(decisions, (d) => d.startRun)).toBe(1);
    const ids = new Set(decisions.map((d) => d.incident?.id));
    expect(ids.size).toBe(1);
    const id = [...ids][0] as string;
    const record = await store.getRecord(id);
    expect(record?.alertCount).toBe(50);
    expect(new Set(record?.alertIds).size).toBe(50);
    const incident = await store.getIncident(id);
    expect(IncidentSchema.parse(incident).alerts).toHaveLength(50);
    expect(incident?.alerts[0]?.id).toBe(record?.firstAlert.id);
  });

  it("25 events each delivered twice, all at once: 25 recorded, 25 duplicates, one run start", async () => {
    const store = await freshStore();
    const events = Array.from({ length: 25 }, (_, i) => alarmEvent(`evt-${i}`));
    const decisions = await Promise.all(
      [...events, ...events].map((e) => deliver(store, structuredClone(e))),
    );
    expect(count(decisions, (d) => d.kind === "duplicate")).toBe(25);
    expect(count(decisions, (d) => d.startRun)).toBe(1);
    const record = await store.getRecord(decisions[0]?.incident?.id as string);
    expect(record?.alertCount).toBe(25);
  });

  it("two alarms of one service racing: one incident (opened under the service key)", async () => {
    const store = await freshStore({
      serviceMap: { byDimension: { InstanceId: { "i-12345678901234567": "web" } } },
    });
    // The math alarm fires two minutes after the CPU alarm: inside the 10-minute correlation window.
    const math = loadFixture(
      "aws-events",
      "cloudwatch-alarm-state-change-metric-math.json",
    ) as unknown as AlarmEvent;
    math.detail.state.timestamp = "2019-10-02T17:06:40.000+0000";
    const events = Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0 ? alarmEvent(`cpu-${i}`) : { ...structuredClone(math), id: `net-${i}` },
    );
    const decisions = await Promise.all(events.map((event) => deliver(store, event)));
    expect(new Set(decisions.map((d) => d.incident?.id)).size).toBe(1);
    expect(count(decisions, (d) => d.startRun)).toBe(1);
    expect(decisions[0]?.incident?.service).toBe("web");
  });

  it("repeat ALARMs racing an OK: every alert counted, resolved once, no second run", async () => {
    const store = await freshStore();
    const opened = await deliver(store, alarmEvent("r0", "ALARM", 0));
    const racers = [
      ...Array.from({ length: 20 }, (_, i) => alarmEvent(`r${i + 1}`, "ALARM", 1)),
      alarmEvent("ok", "OK", 2),
    ];
    const decisions = await Promise.all(racers.map((event) => deliver(store, event)));
    expect(count(decisions, (d) => d.startRun)).toBe(0);
    expect(count(decisions, (d) => d.kind === "resolved")).toBe(1);
    const record = await store.getRecord(opened.incident?.id as string);
    expect(record?.alertCount).toBe(22);
    expect(record?.incident).toMatchObject({ status: "resolved", flapping: false });
  });

  it("ALARM → OK resolves, ALARM again reopens the same incident as flapping", async () => {
    const store = await freshStore();
    const opened = await deliver(store, alarmEvent("a1", "ALARM", 0));
    const resolved = await deliver(store, alarmEvent("o1", "OK", 3));
    expect(resolved).toMatchObject({ kind: "resolved", startRun: false });
    expect(resolved.reason).toMatch(/healed before any action/);
    expect(resolved.incident?.status).toBe("resolved");
    const again = await deliver(store, alarmEvent("a2", "ALARM", 8));
    expect(again).toMatchObject({ kind: "attached", startRun: true });
    expect(again.incident?.id).toBe(opened.incident?.id);
    expect(again.incident).toMatchObject({ status: "open", flapping: true });
  });

  it("context: an EC2 state change attaches to the incident of its instance; alone it opens nothing", async () => {
    const store = await freshStore();
    const ec2 = loadFixture("aws-events", "ec2-instance-state-change-notification-ec2-guide-no-version.json");
    expect(await deliver(store, ec2)).toMatchObject({ kind: "context-only", incident: undefined });
    const alarm = alarmEvent("on-abcd") as AlarmEvent & Record<string, unknown>;
    const detail = structuredClone(alarm.detail) as unknown as {
      configuration: { metrics: { metricStat: { metric: { dimensions: Record<string, string> } } }[] };
    };
    const metric = detail.configuration.metrics[0];
    if (!metric) throw new Error("fixture has no metric");
    metric.metricStat.metric.dimensions = { InstanceId: "i-abcd1111" };
    const opened = await deliver(store, { ...alarm, detail });
    const attached = await deliver(store, { ...ec2, id: "ec2-again" });
    expect(attached).toMatchObject({ kind: "attached", reason: "context: same resource", startRun: false });
    expect(attached.incident?.id).toBe(opened.incident?.id);
  });

  it("re-issues an unconfirmed run start after the lease, and not once confirmed", async () => {
    let now = Date.parse("2024-03-14T09:00:00Z");
    const store = await freshStore({ runStartLeaseSeconds: 60 }, () => new Date(now));
    const event = alarmEvent("lease-1");
    const opened = await deliver(store, event);
    expect(opened.startRun).toBe(true);
    expect((await deliver(store, event)).startRun).toBe(false);
    now += 61_000;
    const copies = await Promise.all(
      Array.from({ length: 10 }, () => deliver(store, structuredClone(event))),
    );
    expect(count(copies, (d) => d.startRun)).toBe(1);
    await store.confirmRunStart(opened.incident?.id as string);
    now += 3_600_000;
    expect((await deliver(store, event)).startRun).toBe(false);
  });

  it("setStatus moves the incident; an OK while mitigating attaches without resolving", async () => {
    const store = await freshStore();
    const opened = await deliver(store, alarmEvent("s1"));
    const id = opened.incident?.id as string;
    await store.setStatus(id, "mitigating");
    expect(await deliver(store, alarmEvent("s2", "OK", 2))).toMatchObject({ kind: "attached" });
    const done = await store.setStatus(id, "resolved", "restarted the instance");
    expect(done.status).toBe("resolved");
    expect((await store.getRecord(id))?.resolution).toBe("restarted the instance");
  });

  it("setStatus escalated keeps the reason the responder gave up with", async () => {
    const store = await freshStore();
    const id = (await deliver(store, alarmEvent("e1"))).incident?.id as string;
    await store.setStatus(id, "escalated", "AWS kept failing: cloudwatch:GetMetricData throttled");
    const record = await store.getRecord(id);
    expect(record?.incident.status).toBe("escalated");
    expect(record?.escalation).toMatch(/GetMetricData throttled/);
  });

  it("says what to do when the table does not exist", async () => {
    const store = new IncidentStore({ client, tableName: "no-such-table" });
    await expect(deliver(store, alarmEvent("x"))).rejects.toThrow(IntakeStoreError);
    await expect(deliver(store, alarmEvent("x"))).rejects.toThrow(/createIncidentTable/);
  });

  it("createIncidentTable can be called again", async () => {
    await createIncidentTable(client, "twice");
    await expect(createIncidentTable(client, "twice")).resolves.toBeUndefined();
  });
});
