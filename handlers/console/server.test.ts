import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "./security.js";
import { createConsoleApp } from "./server.js";
import { fakePending, fakeState, MemoryConsoleStore } from "./test-support.js";

const CSRF = "c".repeat(48);
const HOST = "127.0.0.1:4680";

function setup() {
  const store = new MemoryConsoleStore([
    { state: fakeState("inc-wait"), pending: fakePending("inc-wait") },
    { state: fakeState("inc-done", { outcome: "resolved-automatically" }) },
    {
      state: fakeState("inc-esc", { outcome: "escalated", escalation: { reason: "r", team: "t", at: "x" } }),
    },
  ]);
  const { app, events } = createConsoleApp(store, {
    csrf: CSRF,
    now: () => new Date("2026-12-01T11:00:00Z"),
  });
  const get = (path: string, host = HOST) => app.request(path, { headers: { host } });
  const decide = (id: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.request(`/incidents/${id}/decision`, {
      method: "POST",
      headers: {
        host: HOST,
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        ...headers,
      },
      body: new URLSearchParams(fields).toString(),
    });
  return { store, app, events, get, decide };
}

describe("console routes", () => {
  it("lists incidents with status, filters by status, and escapes what incidents say", async () => {
    const { get } = setup();
    const all = await (await get("/")).text();
    expect(all).toMatch(/data-testid="incident-count">3</);
    expect(all).toContain('data-status="awaiting-approval"');
    expect(all).toContain('data-status="escalated"');
    const filtered = await (await get("/?status=resolved")).text();
    expect(filtered).toMatch(/data-testid="incident-count">1</);
    const incident = await (await get("/incidents/inc-wait")).text();
    expect(incident).toContain("bad deploy &#60;b&#62;suspected&#60;/b&#62;");
    expect(incident).toContain("<h3>api-5xx</h3>"); // the approval request's markdown, rendered
    expect(incident).not.toContain("<script>alert(1)</script>");
    expect(incident).toMatch(/Verify the chain/);
  });

  it("serves the chart library and its own script from this machine", async () => {
    const { get } = setup();
    const uplot = await get("/assets/uplot.js");
    expect(uplot.status).toBe(200);
    expect(await uplot.text()).toContain("uPlot");
    expect((await get("/assets/console.js")).status).toBe(200);
    expect((await get("/assets/../../package.json")).status).toBe(404);
    expect((await get("/overview")).status).toBe(200);
  });

  it("refuses any Host that is not loopback (DNS rebinding)", async () => {
    const { get } = setup();
    expect((await get("/", "evil.example:4680")).status).toBe(403);
    expect((await get("/api/incidents", "127.0.0.1.evil.example")).status).toBe(403);
    expect(isLoopbackHost("localhost:1")).toBe(true);
    expect(isLoopbackHost("[::1]:1")).toBe(true);
  });

  it("takes a decision only with the page's CSRF token and from its own origin; refusals change nothing", async () => {
    const { decide, store } = setup();
    expect((await decide("inc-wait", { decision: "accept" })).status).toBe(403);
    expect((await decide("inc-wait", { decision: "accept", csrf: "wrong" })).status).toBe(403);
    expect(
      (await decide("inc-wait", { decision: "accept", csrf: CSRF }, { origin: "https://evil.example" }))
        .status,
    ).toBe(403);
    expect((await decide("inc-wait", { decision: "maybe", csrf: CSRF })).status).toBe(400);
    expect((await decide("inc-wait", { decision: "edit", params: "[1]", csrf: CSRF })).status).toBe(400);
    expect((await decide("inc-done", { decision: "accept", csrf: CSRF })).status).toBe(409);
    expect(store.decisions).toEqual([]);
  });

  it("approves through the store and streams the timeline and the new status to listeners", async () => {
    const { decide, store, events } = setup();
    const seen: string[] = [];
    events.on("timeline", (e) => seen.push(`${e.incidentId}:${e.entry.summary}`));
    events.on("incident", (s) => seen.push(`${s.id}:${s.status}`));
    const res = await decide(
      "inc-wait",
      { decision: "accept", comment: "go", csrf: CSRF },
      { origin: `http://${HOST}` },
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, incident: { status: "resolved" } });
    expect(store.decisions).toEqual([{ id: "inc-wait", choice: { decision: "accept", comment: "go" } }]);
    expect(seen).toEqual(["inc-wait:rolled back", "inc-wait:resolved"]);
  });

  it("narrows arguments as an edit of the same action", async () => {
    const { decide, store } = setup();
    await decide("inc-wait", { decision: "edit", params: '{"cluster":"prod","service":"api"}', csrf: CSRF });
    expect(store.decisions[0]?.choice).toEqual({
      decision: "edit",
      edited: { actionId: "ecs-rollback-service", params: { cluster: "prod", service: "api" } },
    });
  });

  it("re-checks the audit chain's hashes and finds an edited record", async () => {
    const { get, store } = setup();
    expect(await (await get("/api/incidents/inc-done/audit/verify")).json()).toEqual({
      records: 3,
      intact: true,
    });
    store.auditRecords[1] = { ...store.auditRecords[1]!, summary: "edited later" };
    expect(await (await get("/api/incidents/inc-done/audit/verify")).json()).toMatchObject({
      intact: false,
      firstBroken: 1,
    });
  });
});

describe("a staged plan on the incident page", () => {
  it("lists every stage with where it stands", async () => {
    const stage = (actionId: string, params: Record<string, unknown>) => ({
      actionId,
      params,
      target: "web-asg",
      verifyBy: "signal" as const,
      expect: "recovered" as const,
      onFailure: "rollback-plan" as const,
    });
    const execution = {
      actionId: "asg-raise-max-size",
      params: { AutoScalingGroupName: "web-asg", MaxSize: 8 },
      target: "web-asg",
      clientToken: "t",
      executionId: "e1",
      status: "Success",
      startedAt: "2026-12-01T10:00:00Z",
    };
    const state = fakeState("inc-staged", {
      plan: {
        kind: "action",
        actionId: "asg-set-desired-capacity",
        params: { AutoScalingGroupName: "web-asg", DesiredCapacity: 8 },
        rationale: "stage 2",
        stages: [
          stage("asg-raise-max-size", { AutoScalingGroupName: "web-asg", MaxSize: 8 }),
          stage("asg-set-desired-capacity", { AutoScalingGroupName: "web-asg", DesiredCapacity: 8 }),
          stage("asg-raise-max-size", { AutoScalingGroupName: "other-asg", MaxSize: 4 }),
        ],
      },
      stageResults: [
        {
          index: 0,
          actionId: "asg-raise-max-size",
          params: execution.params,
          target: "web-asg",
          gate: { outcome: "auto", round: 1 },
          execution,
          verification: {
            recovered: true,
            signal: "read back",
            observed: [],
            threshold: 0,
            waitedMinutes: 0,
            reason: "read back web-asg: maxSize = 8",
          },
        },
      ],
    });
    const { app } = createConsoleApp(new MemoryConsoleStore([{ state }]), {
      csrf: CSRF,
      now: () => new Date("2026-12-01T11:00:00Z"),
    });
    const page = await (await app.request("/incidents/inc-staged", { headers: { host: HOST } })).text();
    const statuses = [...page.matchAll(/data-testid="stage-status">([^<]*)</g)].map((m) => m[1]);
    expect(statuses).toEqual(["passed: read back web-asg: maxSize = 8", "now", "not reached"]);
  });
});
