import { describe, expect, it } from "vitest";
import type { AlarmState, Alert, AlertSource } from "../../../tools/domain/alert.js";
import { SUPPRESSED_BY_TAG } from "../normalise/alarm.js";
import { fingerprintOf } from "../normalise/fingerprint.js";
import { resourceKeys } from "../normalise/resources.js";
import { type IntakeConfigInput, IntakeConfigSchema } from "./config.js";
import { decide, openKeyOf, type Step } from "./decide.js";
import { type IncidentRecord, withAlert } from "./record.js";

const T0 = Date.parse("2024-03-14T09:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

let counter = 0;
function alert(options: {
  name?: string;
  state?: AlarmState;
  minute?: number;
  service?: string;
  id?: string;
  source?: AlertSource;
  resources?: string[];
  tags?: Record<string, string>;
}): Alert {
  const name = options.name ?? "cpu-high";
  const base = { accountId: "111122223333", region: "eu-west-1", alarmName: name };
  return {
    id: options.id ?? `evt-${++counter}`,
    source: options.source ?? "cloudwatch-alarm",
    fingerprint: fingerprintOf(base),
    ...base,
    state: options.state ?? "ALARM",
    reason: "",
    time: at(options.minute ?? 0),
    ...(options.service ? { service: options.service } : {}),
    resources: options.resources ?? [],
    tags: options.tags ?? {},
  };
}

/** Applies decide's steps to in-memory maps the way IncidentStore applies them to DynamoDB. */
class Harness {
  readonly records = new Map<string, IncidentRecord>();
  private readonly byKey = new Map<string, string[]>();
  private readonly byFingerprint = new Map<string, string>();
  private readonly byResource = new Map<string, string>();
  readonly config;
  now = new Date(T0);

  constructor(config: IntakeConfigInput = {}) {
    this.config = IntakeConfigSchema.parse(config);
  }

  send(a: Alert): Step {
    const openKey = openKeyOf(a);
    const ids = this.byKey.get(openKey) ?? [];
    const get = (id: string | undefined) => (id ? this.records.get(id) : undefined);
    const step = decide({
      alert: a,
      now: this.now,
      config: this.config,
      current: get(ids.at(-1)),
      byFingerprint: get(this.byFingerprint.get(a.fingerprint)),
      byResource: resourceKeys(a.resources).flatMap((k) => get(this.byResource.get(k)) ?? []),
      next: { id: `inc-${ids.length + 1}-${openKey}`, openKey, generation: ids.length + 1 },
    });
    const written =
      step.op === "create"
        ? step.record
        : step.op === "update"
          ? step.after
          : step.op === "append"
            ? withAlert(step.record, a, this.now)
            : undefined;
    if (written) {
      const id = written.incident.id;
      this.records.set(id, written);
      if (step.op === "create") this.byKey.set(openKey, [...ids, id]);
      if (!a.source.includes("-change") && a.source !== "aws-health" && a.source !== "ecs-deployment") {
        this.byFingerprint.set(a.fingerprint, id);
        for (const key of written.resourceKeys) this.byResource.set(key, id);
      }
    }
    return step;
  }

  get incidents(): IncidentRecord[] {
    return [...this.records.values()];
  }
}

const startRun = (step: Step) => step.op === "create" || (step.op === "update" && step.startRun);

describe("dedup", () => {
  it("opens once and recognises a redelivery by its id", () => {
    const h = new Harness();
    const first = alert({ id: "evt-a" });
    expect(h.send(first)).toMatchObject({ op: "create", kind: "opened" });
    expect(h.send({ ...first })).toMatchObject({ op: "none", kind: "duplicate" });
    expect(h.incidents).toHaveLength(1);
  });

  it("re-issues an unconfirmed run start to a redelivery after the lease, once", () => {
    const h = new Harness({ runStartLeaseSeconds: 60 });
    const first = alert({ id: "evt-b" });
    h.send(first);
    h.now = new Date(T0 + 61_000);
    const again = h.send({ ...first });
    expect(again).toMatchObject({ op: "update", kind: "duplicate", startRun: true });
    expect(h.send({ ...first })).toMatchObject({ op: "none", kind: "duplicate" });
  });

  it("does not re-issue a confirmed run start", () => {
    const h = new Harness({ runStartLeaseSeconds: 60 });
    const first = alert({ id: "evt-c" });
    const opened = h.send(first);
    if (opened.op !== "create") throw new Error("expected create");
    const id = opened.record.incident.id;
    const record = h.records.get(id) as IncidentRecord;
    h.records.set(id, { ...record, runStart: { ...record.runStart, pending: false } });
    h.now = new Date(T0 + 3_600_000);
    expect(h.send({ ...first })).toMatchObject({ op: "none", kind: "duplicate" });
  });
});

describe("correlation", () => {
  it("attaches a new delivery of the same alarm whatever the time", () => {
    const h = new Harness();
    h.send(alert({ minute: 0 }));
    expect(h.send(alert({ minute: 180 }))).toMatchObject({ kind: "attached", reason: "same alarm" });
    expect(h.incidents).toHaveLength(1);
    expect(h.incidents[0]?.alertCount).toBe(2);
  });

  it("attaches another alarm of the same service inside the window, opens a new one after it", () => {
    const h = new Harness({ correlationWindowMinutes: 10 });
    h.send(alert({ name: "cpu", service: "checkout", minute: 0 }));
    expect(h.send(alert({ name: "latency", service: "checkout", minute: 9 }))).toMatchObject({
      kind: "attached",
      reason: expect.stringContaining("same service checkout"),
    });
    expect(h.send(alert({ name: "errors", service: "checkout", minute: 11 }))).toMatchObject({
      kind: "opened",
    });
    expect(h.incidents).toHaveLength(2);
    // The first incident still collects its own alarms.
    expect(h.send(alert({ name: "cpu", service: "checkout", minute: 30 }))).toMatchObject({
      kind: "attached",
      reason: "same alarm",
    });
  });

  it("does not correlate different services or alarms without a service", () => {
    const h = new Harness();
    h.send(alert({ name: "a", service: "checkout" }));
    h.send(alert({ name: "b", service: "orders" }));
    h.send(alert({ name: "c" }));
    h.send(alert({ name: "d" }));
    expect(h.incidents).toHaveLength(4);
  });

  it("INSUFFICIENT_DATA never opens an incident", () => {
    const h = new Harness();
    expect(h.send(alert({ state: "INSUFFICIENT_DATA" }))).toMatchObject({ op: "none", kind: "context-only" });
  });
});

describe("OK resolves an incident that healed before any action", () => {
  it("resolves with a reason", () => {
    const h = new Harness();
    h.send(alert({ minute: 0 }));
    const ok = h.send(alert({ state: "OK", minute: 4 }));
    expect(ok).toMatchObject({ op: "update", kind: "resolved", startRun: false });
    const record = h.incidents[0];
    expect(record?.incident.status).toBe("resolved");
    expect(record?.resolution).toMatch(/healed before any action/);
    expect(record?.resolvedAt).toBe(at(4));
  });

  it("only attaches while the responder is acting", () => {
    const h = new Harness();
    const opened = h.send(alert({ minute: 0 }));
    if (opened.op !== "create") throw new Error("expected create");
    const record = opened.record;
    h.records.set(record.incident.id, { ...record, incident: { ...record.incident, status: "mitigating" } });
    expect(h.send(alert({ state: "OK", minute: 4 }))).toMatchObject({ kind: "attached" });
  });

  it("waits for every alarm of the incident to be OK", () => {
    const h = new Harness();
    h.send(alert({ name: "cpu", service: "checkout", minute: 0 }));
    h.send(alert({ name: "latency", service: "checkout", minute: 1 }));
    expect(h.send(alert({ name: "cpu", service: "checkout", state: "OK", minute: 5 }))).toMatchObject({
      kind: "attached",
    });
    expect(h.send(alert({ name: "latency", service: "checkout", state: "OK", minute: 6 }))).toMatchObject({
      kind: "resolved",
      reason: expect.stringContaining("all 2 alarms"),
    });
  });

  it("ignores an OK older than the latest ALARM (out-of-order delivery)", () => {
    const h = new Harness();
    h.send(alert({ minute: 10 }));
    expect(h.send(alert({ state: "OK", minute: 5 }))).toMatchObject({ kind: "attached" });
    expect(h.incidents[0]?.incident.status).toBe("open");
  });

  it("an OK with no open incident is context only", () => {
    expect(new Harness().send(alert({ state: "OK" }))).toMatchObject({ op: "none", kind: "context-only" });
  });
});

describe("flapping", () => {
  it("ALARM → OK → ALARM inside the window reopens the same incident, flapping, with one new run start", () => {
    const h = new Harness({ flappingWindowMinutes: 30 });
    h.send(alert({ minute: 0 }));
    h.send(alert({ state: "OK", minute: 5 }));
    const again = h.send(alert({ minute: 12 }));
    expect(again).toMatchObject({ op: "update", kind: "attached", startRun: true });
    expect(h.incidents).toHaveLength(1);
    const record = h.incidents[0];
    expect(record?.incident).toMatchObject({ status: "open", flapping: true });
    expect(record?.runStart.count).toBe(2);
    expect(record?.resolvedAt).toBeUndefined();
  });

  it("marks an incident flapping while it is being worked, without a new run", () => {
    const h = new Harness();
    const opened = h.send(alert({ minute: 0 }));
    if (opened.op !== "create") throw new Error("expected create");
    const record = opened.record;
    h.records.set(record.incident.id, { ...record, incident: { ...record.incident, status: "mitigating" } });
    h.send(alert({ state: "OK", minute: 3 }));
    const again = h.send(alert({ minute: 6 }));
    expect(again).toMatchObject({
      kind: "attached",
      startRun: false,
      reason: expect.stringContaining("flapping"),
    });
    expect(h.incidents[0]?.incident.flapping).toBe(true);
  });

  it("a late ALARM older than the resolution is recorded without reopening", () => {
    const h = new Harness();
    h.send(alert({ minute: 0 }));
    h.send(alert({ state: "OK", minute: 5 }));
    expect(h.send(alert({ minute: 3 }))).toMatchObject({
      kind: "attached",
      reason: expect.stringContaining("late"),
    });
    expect(h.incidents[0]?.incident).toMatchObject({ status: "resolved", flapping: false });
  });

  it("an ALARM long after the heal opens a new incident", () => {
    const h = new Harness({ flappingWindowMinutes: 30 });
    h.send(alert({ minute: 0 }));
    h.send(alert({ state: "OK", minute: 5 }));
    expect(h.send(alert({ minute: 120 }))).toMatchObject({ kind: "opened" });
    expect(h.incidents).toHaveLength(2);
    expect(h.incidents.every((r) => !r.incident.flapping)).toBe(true);
  });

  it("counts run starts: one per opening or reopening", () => {
    const h = new Harness();
    const steps = [0, 5, 10, 15, 20].map((minute, i) =>
      h.send(alert({ minute, state: i % 2 === 0 ? "ALARM" : "OK" })),
    );
    expect(steps.filter(startRun)).toHaveLength(3);
    expect(h.incidents).toHaveLength(1);
  });
});

describe("suppression", () => {
  it("suppresses ALARMs of a service in its maintenance window, and only there", () => {
    const h = new Harness({
      maintenanceWindows: [{ service: "checkout", start: at(0), end: at(30), reason: "db upgrade" }],
    });
    expect(h.send(alert({ name: "checkout-cpu", service: "checkout", minute: 10 }))).toMatchObject({
      op: "none",
      kind: "suppressed",
      reason: expect.stringContaining("db upgrade"),
    });
    expect(h.send(alert({ name: "orders-cpu", service: "orders", minute: 10 }))).toMatchObject({
      kind: "opened",
    });
    expect(h.send(alert({ name: "checkout-cpu", service: "checkout", minute: 31 }))).toMatchObject({
      kind: "opened",
    });
  });

  it("honours a composite alarm suppressed by its suppressor alarm, not one in its wait period", () => {
    const h = new Harness();
    const suppressed = alert({ name: "composite", tags: { [SUPPRESSED_BY_TAG]: "Alarm" } });
    expect(h.send(suppressed)).toMatchObject({ kind: "suppressed" });
    const waiting = alert({ name: "composite", tags: { [SUPPRESSED_BY_TAG]: "WaitPeriod" } });
    expect(h.send(waiting)).toMatchObject({ kind: "opened" });
  });
});

describe("context alerts", () => {
  const instance = "arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc";

  it("attach to an open incident on the same resource", () => {
    const h = new Harness();
    h.send(alert({ resources: [instance] }));
    const ec2 = alert({ source: "ec2-state-change", name: "EC2 instance i-0abc", resources: ["i-0abc"] });
    expect(h.send(ec2)).toMatchObject({ kind: "attached", reason: "context: same resource" });
  });

  it("attach to an open incident on the same service", () => {
    const h = new Harness();
    h.send(alert({ service: "orders" }));
    const ecs = alert({
      source: "ecs-deployment",
      name: "ECS deployment of orders",
      service: "orders",
      minute: 90,
    });
    expect(h.send(ecs)).toMatchObject({ kind: "attached", reason: "context: same service orders" });
  });

  it("never open an incident", () => {
    const h = new Harness();
    const health = alert({
      source: "aws-health",
      name: "AWS Health AWS_EC2_OPERATIONAL_ISSUE",
      service: "orders",
    });
    expect(h.send(health)).toMatchObject({ op: "none", kind: "context-only" });
    expect(h.incidents).toHaveLength(0);
  });
});
