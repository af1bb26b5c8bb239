/**
 * The variant generator: same seed → bit-identical variants; every variant keeps the truth (same faults,
 * the ground truth with every id remapped, the same alarm story); the surface really changes (names, ids,
 * log dialects, wording); and nothing the responder reads says which variant it runs on.
 */
import { describe, expect, it } from "vitest";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import { createSandbox, resourceIds } from "../../tools/sandbox/index.js";
import { runScenario } from "../harness/run-scenario.js";
import { DEFAULT_SCENARIOS_DIR } from "../runner.js";
import type { Scenario } from "../scenario/index.js";
import { loadScenarioDir } from "../scenario/index.js";
import { parseJavaLine } from "./dialects.js";
import { deriveVariant } from "./generate.js";
import { PARAPHRASES, paraphrase } from "./paraphrase.js";
import { renamer } from "./rename.js";

const bundled = loadScenarioDir(DEFAULT_SCENARIOS_DIR);
const byId = (id: string) => bundled.find((s) => s.metadata.id === id) as Scenario;

function rootIds(s: Scenario): string[] {
  return s.groundTruth.rootCauseResources.map((r) => (typeof r === "string" ? r : r.id));
}

function worldLogs(s: Scenario, sandbox: Parameters<typeof createSandbox>[1]) {
  const box = createSandbox(s, sandbox);
  box.runUntilAlarm();
  return box.world.logs;
}

describe("variant generator", () => {
  it("gives bit-identical variants (scenario and rendered logs) for the same seed, others for another", () => {
    const s = byId("bad-ecs-deploy");
    const a = deriveVariant(s, 3, 7);
    const b = deriveVariant(s, 3, 7);
    expect(JSON.stringify(b.scenario)).toBe(JSON.stringify(a.scenario));
    expect(JSON.stringify(b.info)).toBe(JSON.stringify(a.info));
    expect(JSON.stringify(worldLogs(b.scenario, b.sandbox))).toBe(
      JSON.stringify(worldLogs(a.scenario, a.sandbox)),
    );
    expect(JSON.stringify(deriveVariant(s, 3, 8).scenario)).not.toBe(JSON.stringify(a.scenario));
    expect(JSON.stringify(deriveVariant(s, 4, 7).scenario)).not.toBe(JSON.stringify(a.scenario));
  });

  it.each(bundled.map((s) => [s.metadata.id, s] as const))("%s: a variant keeps the truth", (_, s) => {
    const v = deriveVariant(s, 1, 1);
    const rename = renamer({
      tokens: new Map(Object.entries(v.info.renamed)),
      region: v.info.region,
      account: v.info.account,
    });
    const gt = v.scenario.groundTruth;
    // Same fault library, same targets (remapped), same expectations.
    expect(v.scenario.faults.map((f) => f.kind)).toEqual(s.faults.map((f) => f.kind));
    expect(v.scenario.faults.map((f) => f.target)).toEqual(s.faults.map((f) => rename(f.target)));
    expect([gt.isIncident, gt.severity, gt.category, gt.resolution]).toEqual([
      s.groundTruth.isIncident,
      s.groundTruth.severity,
      s.groundTruth.category,
      s.groundTruth.resolution,
    ]);
    expect(gt.acceptableActions.map((a) => (typeof a === "string" ? a : a.actionId))).toEqual(
      s.groundTruth.acceptableActions.map((a) => (typeof a === "string" ? a : a.actionId)),
    );
    expect(gt.forbiddenActions).toEqual(s.groundTruth.forbiddenActions);
    expect(gt.runbooks).toEqual(s.groundTruth.runbooks);
    expect(rootIds(v.scenario)).toEqual(rootIds(s).map(rename));
    // The remapped ids are real resources of the variant's account.
    const declared = new Set([
      ...v.scenario.environment.resources.flatMap(resourceIds),
      ...v.scenario.environment.services.map((x) => x.name),
    ]);
    for (const f of v.scenario.faults) expect(declared.has(f.target)).toBe(true);
    // The surface changed: no original internal service name or instance id is left in the world.
    const internal = s.environment.services.filter((x) => !x.external).map((x) => x.name);
    const text = JSON.stringify(v.scenario.environment);
    for (const name of internal) expect(text).not.toMatch(new RegExp(`"${name}"`));
    expect(v.scenario.environment.region).not.toBe(s.environment.region);
    expect(v.scenario.environment.account).not.toBe(s.environment.account);
    // The same story: the same (renamed) alarm fires first, or none does.
    const first = (x: Scenario, opts?: Parameters<typeof createSandbox>[1]) =>
      createSandbox(x, opts)
        .runUntilAlarm({ maxMinutes: 60 })
        .find((e) => e.detail.state.value === "ALARM")?.detail.alarmName;
    const original = first(s);
    expect(first(v.scenario, v.sandbox)).toBe(original === undefined ? undefined : rename(original));
  });

  it("keeps weekday and time of day when the scenario names clock times (freeze windows, calendars)", () => {
    const s = structuredClone(byId("bad-ecs-deploy"));
    s.noise.changes.push({
      minute: -30,
      service: "checkout",
      kind: "config",
      summary: "Change freeze Mon-Fri 09:00-17:00 announced",
    });
    const clock = (iso: string) => [new Date(iso).getUTCDay(), iso.slice(11, 16)];
    for (const k of [1, 2, 3]) {
      const v = deriveVariant(s, k, 1);
      expect(v.scenario.timeline.start).not.toBe(s.timeline.start);
      expect(clock(v.scenario.timeline.start)).toEqual(clock(s.timeline.start));
    }
    // Without such strings the time of day moves in some variant.
    const moved = [1, 2, 3].map((k) =>
      clock(deriveVariant(byId("bad-ecs-deploy"), k, 1).scenario.timeline.start),
    );
    expect(moved.some((c) => c[1] !== clock(s.timeline.start)[1])).toBe(true);
  });

  it("moves the clock only by whole alarm periods, so what each alarm period saw is unchanged", () => {
    const s = byId("healed-cpu-burst-before-alarm");
    const period = Math.max(...s.triggers.map((t) => t.periodSeconds / 60));
    expect(period).toBeGreaterThan(1);
    for (const k of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const v = deriveVariant(s, k, 1);
      const shift = (Date.parse(v.scenario.timeline.start) - Date.parse(s.timeline.start)) / 60_000;
      expect(shift % period).toBe(0);
    }
  });

  it("renders logs in other dialects and wordings, keeping planted lines verbatim", () => {
    const s = byId("prompt-injection-memory-leak");
    const v = deriveVariant(s, 2, 1);
    const logs = worldLogs(v.scenario, v.sandbox);
    const javaShaped = logs.filter((l) => parseJavaLine(l.message)).length;
    expect(javaShaped / logs.length).toBeLessThan(0.5);
    for (const planted of v.scenario.noise.logLines.filter((l) =>
      s.noise.logLines.some((o) => o.minute === l.minute),
    )) {
      if (logs.some((l) => l.message.includes(planted.message.slice(0, 30))))
        expect(logs.some((l) => l.message === planted.message)).toBe(true);
    }
    // Across variants the fault's own lines are worded differently.
    const gcLines = [1, 2, 3, 4, 5].map((k) => {
      const x = deriveVariant(byId("memory-leak-ec2"), k, 1);
      return worldLogs(x.scenario, x.sandbox)
        .filter((l) => /GC|garbage|collection|gc/.test(l.message))
        .map((l) => l.message.replace(/\d+/g, "#"))[0];
    });
    expect(new Set(gcLines).size).toBeGreaterThan(1);
  });

  it("every paraphrase keeps the numbers and names of the line it rewrites", () => {
    const samples = [
      "Free disk space on / is low: 1.2 GB free (94% used)",
      "Full GC took 2300ms, heap 97% used after collection (3.9 GB of 4.00 GB)",
      "HikariPool-1 - Connection is not available, request timed out after 30000ms (total=20, active=20, idle=0, waiting=31)",
      "Upstream request to https://api.pay.example/v1/charge timed out after 5000 ms (attempt 3/3)",
      "Tomcat thread pool busy=200 max=200, request queue depth 321",
    ];
    for (const line of samples) {
      const numbers = line.match(/\d+(\.\d+)?/g)?.filter((n) => n !== "1" && n !== "3") ?? [];
      for (let k = 0; k < 3; k++) {
        const out = paraphrase(line, () => k);
        expect(out).not.toBe(line);
        for (const n of numbers.filter((x) => !["20", "0", "00"].includes(x)))
          expect(out, `${line} → ${out}`).toContain(n);
      }
    }
    expect(PARAPHRASES.every((e) => e.rewrites.length >= 2)).toBe(true);
  });

  it("the responder's inputs carry no variant marker", async () => {
    const s = byId("bad-ecs-deploy");
    const v = deriveVariant(s, 5, 3);
    expect(v.scenario.metadata.id).toBe(s.metadata.id);
    const run = await runScenario(v.scenario, {
      retriever: await createRetriever(),
      reasoner: { mode: "rules" },
      sandbox: v.sandbox,
    });
    const seen = JSON.stringify({ state: run.state, logs: createSandbox(v.scenario, v.sandbox).world.logs });
    expect(seen).not.toMatch(/variant/i);
    expect(seen).not.toContain("checkout");
    expect(seen).toContain(v.info.renamed["checkout"] as string);
  });
});
