/** A console store in memory, for the route tests: incidents as the graph's state would hold them. */
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { AuditRecord, MetricSeries } from "../../tools/domain/index.js";
import { chainRecord } from "../../tools/local/hash-chain.js";
import type { HumanChoice } from "../approvals/sign-decision.js";
import type { ConsoleStore, IncidentRecord } from "./store.js";
import { summarise } from "./view.js";

export function fakeState(id: string, over: Partial<IncidentStateValue> = {}): IncidentStateValue {
  return {
    incident: {
      id,
      title: `api-5xx in ALARM on api (${id})`,
      service: "api",
      openedAt: "2026-12-01T10:00:00.000Z",
      status: "open",
      flapping: false,
      alerts: [
        {
          id: `a-${id}`,
          source: "cloudwatch-alarm",
          fingerprint: "fp",
          alarmName: "api-5xx",
          accountId: "123456789012",
          region: "us-east-1",
          state: "ALARM",
          reason: "",
          time: "2026-12-01T10:00:00.000Z",
          metric: {
            namespace: "AWS/ApplicationELB",
            name: "HTTPCode_Target_5XX_Count",
            dimensions: {},
            threshold: 50,
          },
          resources: [],
          tags: {},
        },
      ],
    },
    timeline: [{ time: "2026-12-01T10:00:00.000Z", node: "triage", summary: "bad deploy <b>suspected</b>" }],
    cost: { modelCalls: 0, inputTokens: 0, outputTokens: 0, usd: 0 },
    steps: 1,
    ...over,
  } as IncidentStateValue;
}

export const fakePending = (id: string): HumanInterrupt => ({
  action_request: { action: "ecs-rollback-service", args: { cluster: "prod", service: "api" } },
  config: { allow_accept: true, allow_edit: true, allow_ignore: true, allow_respond: true },
  description: "### api-5xx\n**Risk:** medium <script>alert(1)</script>",
  binding: { incidentId: id, round: 1, risk: "medium" },
});

export class MemoryConsoleStore implements ConsoleStore {
  readonly where = "memory";
  readonly decisions: { id: string; choice: HumanChoice }[] = [];
  readonly records = new Map<string, IncidentRecord>();
  auditRecords: AuditRecord[] = [];
  series?: MetricSeries;

  constructor(records: IncidentRecord[]) {
    for (const r of records) this.records.set(r.state.incident.id, r);
    let prev: AuditRecord | undefined;
    for (const kind of ["gate-decision", "approval", "execution"]) {
      prev = chainRecord(
        { incidentId: "x", time: "2026-12-01T10:00:00Z", actor: "air", kind, summary: kind },
        prev,
      );
      this.auditRecords.push(prev);
    }
  }
  async identity() {
    return "os-user:tester@host";
  }
  async list() {
    return [...this.records.values()].map((r) => summarise(r.state, r.pending));
  }
  async get(id: string) {
    return this.records.get(id);
  }
  async audit() {
    return this.auditRecords;
  }
  async metric() {
    return this.series;
  }
  async report() {
    return "# Report\n**done**";
  }
  async decide(id: string, choice: HumanChoice, onTimeline?: Parameters<ConsoleStore["decide"]>[2]) {
    const record = this.records.get(id);
    if (!record?.pending) return { ok: false, status: 409, reason: "not waiting" } as const;
    this.decisions.push({ id, choice });
    const entry = { time: "2026-12-01T10:05:00.000Z", node: "execute", summary: "rolled back" };
    onTimeline?.(entry);
    const state = {
      ...record.state,
      outcome: "resolved-after-approval" as const,
      timeline: [...record.state.timeline, entry],
    };
    this.records.set(id, { state });
    return { ok: true, summary: summarise(state) } as const;
  }
  async close() {}
}
