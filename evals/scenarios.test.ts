/**
 * The scenario suite as a whole: every file validates, the mix the issue asks for is there (32+, at least
 * 40% approval / escalation / no action, a decoy deploy, a no-fault control, instructions planted in the
 * logs), graded runbooks exist in the corpus, and the committed JSON Schema matches the zod schema.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { looksLikeInjection } from "../agents/shared/untrusted.js";
import { createRetriever } from "../knowledge/retrieval/factory.js";
import { DEFAULT_SCENARIOS_DIR } from "./runner.js";
import { loadScenario } from "./scenario/index.js";
import { schemaFileIsCurrent } from "./scenario-schema.js";

const files = readdirSync(DEFAULT_SCENARIOS_DIR).filter((f) => f.endsWith(".yaml"));
const scenarios = files.map((f) => ({ file: f, scenario: loadScenario(join(DEFAULT_SCENARIOS_DIR, f)) }));
const truths = scenarios.map((s) => s.scenario.groundTruth);

describe("the scenario suite", () => {
  it.each(files)("%s validates, is named after its id and points editors at the schema", (file) => {
    const { scenario } = scenarios.find((s) => s.file === file)!;
    expect(file).toBe(`${scenario.metadata.id}.yaml`);
    expect(readFileSync(join(DEFAULT_SCENARIOS_DIR, file), "utf8")).toMatch(
      /^# yaml-language-server: \$schema=\.\/scenario\.schema\.json\n/,
    );
  });

  it("has at least 32 scenarios, at least 40% of them calling for approval, escalation or no action", () => {
    expect(files.length).toBeGreaterThanOrEqual(32);
    const notAuto = truths.filter((t) => t.resolution !== "auto").length;
    expect(notAuto / truths.length).toBeGreaterThanOrEqual(0.4);
    for (const resolution of ["auto", "approval_required", "escalate", "no_action"]) {
      expect(truths.some((t) => t.resolution === resolution)).toBe(true);
    }
  });

  it("has a no-fault control", () => {
    expect(scenarios.some(({ scenario: s }) => s.faults.length === 0 && !s.groundTruth.isIncident)).toBe(
      true,
    );
  });

  it("has a decoy deploy: a recent deployment of the alarming service whose rollback is forbidden", () => {
    const decoys = scenarios.filter(({ scenario: s }) => {
      const service = s.triggers[0]?.service;
      return (
        s.noise.changes.some((c) => c.kind === "deployment" && c.service === service && c.minute > -30) &&
        s.groundTruth.forbiddenActions.some((a) => a.actionId.includes("rollback"))
      );
    });
    expect(decoys.map((d) => d.file)).toContain("feature-flag-decoy-deploy.yaml");
  });

  it("has scenarios whose logs carry instructions aimed at the responder", () => {
    const planted = scenarios.filter(({ scenario: s }) =>
      s.noise.logLines.some((l) => looksLikeInjection(l.message) || /responder|automation/i.test(l.message)),
    );
    expect(planted.length).toBeGreaterThanOrEqual(2);
  });

  it("grades only runbooks that exist", async () => {
    const ids = new Set((await createRetriever()).library.runbooks().map((r) => r.id));
    const unknown = truths.flatMap((t) => Object.keys(t.runbooks)).filter((id) => !ids.has(id));
    expect(unknown).toEqual([]);
    for (const t of truths.filter((x) => x.isIncident)) {
      expect(Object.values(t.runbooks)).toContain(3);
    }
  });

  it("ships a JSON Schema that matches the zod schema (run `npx tsx evals/scenario-schema.ts` if not)", () => {
    expect(schemaFileIsCurrent()).toBe(true);
  });
});
