import { describe, expect, it } from "vitest";
import { judgeRevision, lastKnownGood, revisionWindows } from "./last-known-good.js";
import { planByRules } from "./rules.js";
import { evidenceAtAlarm } from "./test-support.js";

async function planFor(name: string) {
  const { evidence, ...world } = await evidenceAtAlarm(name);
  return { world, plan: await planByRules(world.ports, evidence) };
}

describe("last known good revision", () => {
  const w = { revision: "app:3", from: "a", to: "b" };

  it("a revision with its own failures is never known good, however long it ran", () => {
    expect(judgeRevision(w, Array(40).fill(1000), Array(40).fill(20)).verdict).toBe("failing");
  });

  it("a clean revision needs enough minutes of data to be known good", () => {
    expect(judgeRevision(w, Array(25).fill(1000), Array(25).fill(1)).verdict).toBe("good");
    expect(judgeRevision(w, Array(5).fill(1000), Array(5).fill(1)).verdict).toBe("unknown");
    expect(judgeRevision(w, [], []).verdict).toBe("unknown");
  });

  it("deployment history gives each revision the window it ran in", () => {
    const since = new Date("2025-01-01T00:00:00Z");
    const now = new Date("2025-01-01T02:00:00Z");
    const d = (time: string, from: string, to: string) => ({
      id: to,
      time,
      service: "s",
      resourceId: "c/s",
      kind: "deployment" as const,
      summary: `deploy ${to}`,
      from,
      to,
    });
    expect(
      revisionWindows(
        [d("2025-01-01T01:30:00Z", "app:2", "app:3"), d("2025-01-01T01:00:00Z", "app:1", "app:2")],
        "app:3",
        since,
        now,
      ),
    ).toEqual([
      { revision: "app:1", from: since.toISOString(), to: "2025-01-01T01:00:00Z" },
      { revision: "app:2", from: "2025-01-01T01:00:00Z", to: "2025-01-01T01:30:00Z" },
      { revision: "app:3", from: "2025-01-01T01:30:00Z", to: now.toISOString() },
    ]);
  });

  it("rolls back past a revision whose own errors fill the history, to the one that ran healthy", async () => {
    const { world, plan } = await planFor("rollback-past-bad-revision");
    const target = await world.ports.resources.describe("shop/orders");
    const lkg = await lastKnownGood(world.ports, "ecs-rollback-service", target!);
    expect(lkg).toMatchObject({ status: "found", revision: "orders:40" });
    expect(plan).toMatchObject({ kind: "action", actionId: "ecs-rollback-service" });
    expect(plan.params).toMatchObject({ taskDefinition: "orders:40" });
    expect(plan.rationale).toMatch(/last known good revision of shop\/orders is orders:40/);
  });

  it("with no revision known good, escalates and says so instead of guessing", async () => {
    const { plan } = await planFor("rollback-no-known-good");
    expect(plan.kind).toBe("escalate");
    expect(plan.rationale).toMatch(/no earlier revision of finance\/billing-api is known good/);
  });

  it("the usual case is unchanged: the blamed deploy's starting point ran healthy", async () => {
    const { plan } = await planFor("bad-ecs-deploy");
    expect(plan.params).toMatchObject({ taskDefinition: "checkout:41" });
  });
});
