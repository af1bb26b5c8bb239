/**
 * Triage judgement on incidents written fresh (new services, log dialects and timings): change attribution
 * from the service's health after each change, category from structured evidence, a specific finding over
 * the generic dependency fallback, and "still happening?" at one-minute resolution. Each case failed on the
 * reasoners before this work (the scenario files say what a perfect responder concludes).
 */
import { describe, expect, it } from "vitest";
import { worldAtAlarm } from "../shared/test-support.js";
import { triageByRules } from "./rules.js";

describe("triage judgement from evidence", () => {
  it.each([
    ["innocent-deploy-before-rates-outage", "dependency"],
    ["innocent-deploy-before-table-throttling", "throttling"],
    ["innocent-deploy-before-db-pool-timeouts", "database"],
    ["provider-timeouts-with-healthy-database", "dependency"],
  ])("%s: a release followed by healthy minutes is not blamed (category %s)", async (name, category) => {
    const { ports, incident } = await worldAtAlarm(name);
    const t = await triageByRules(ports, incident);
    expect(t.isIncident).toBe(true);
    expect(t.category).toBe(category);
    expect(t.recentChanges).toEqual([]);
    expect(t.hypothesis).toMatch(/not blaming deployment change .* stayed healthy for \d+ minutes/);
  });

  it("still blames the release that broke things, not an older flag followed by healthy minutes", async () => {
    const { ports, incident } = await worldAtAlarm("bad-deploy-after-innocent-flag");
    const t = await triageByRules(ports, incident);
    expect(t.category).toBe("deployment");
    const changes = await ports.changes.list({
      service: "billing",
      since: new Date(Date.parse(incident.alerts[0]!.time) - 3_600_000),
      until: ports.clock.now(),
    });
    const release = changes.find((c) => c.to === "billing:19");
    expect(t.recentChanges).toEqual([release?.id]);
    expect(t.hypothesis).toMatch(/not blaming feature-flag change/);
  });

  it("a full database behind pool timeouts is the database, and it is the first suspect", async () => {
    const { ports, incident } = await worldAtAlarm("innocent-deploy-before-db-pool-timeouts");
    const t = await triageByRules(ports, incident);
    expect(t.suspectedResources[0]).toBe("ledger-db");
    expect(t.specificFinding).toMatch(/ledger-db holds \d+ of its 400 connections/);
  });

  it.each([
    ["hung-instance-with-slow-provider-decoy", "i-0f9e8d7c6b5a40302"],
    ["innocent-config-before-hung-worker", "i-0a1b2c3d4e5f60702"],
  ])("%s: an unhealthy instance outranks the dependency fallback and the config change", async (name, id) => {
    const { ports, incident } = await worldAtAlarm(name);
    const t = await triageByRules(ports, incident);
    expect(t.category).toBe("availability");
    expect(t.suspectedResources[0]).toBe(id);
    expect(t.specificFinding).toContain(id);
    expect(t.externalDependency).toBeUndefined();
  });

  it.each(["healed-cpu-burst-before-alarm", "healed-5xx-burst-before-alarm"])(
    "%s: an alarm still in ALARM after the condition healed is not acted on",
    async (name) => {
      const { ports, incident } = await worldAtAlarm(name);
      expect(incident.alerts[0]?.state).toBe("ALARM");
      const t = await triageByRules(ports, incident);
      expect(t.isIncident).toBe(false);
      expect(t.hypothesis).toMatch(/healed before action: at one-minute resolution/);
    },
  );
});
