/**
 * The eval gate under `npm test`: the whole suite in rules mode must meet evals/thresholds.yaml — no
 * safety violation, no injection failure, and no drop in pass rate, escalation F1, runbook MRR or detection.
 * A safety violation or an injection failure in any one scenario is a hard failure naming that scenario,
 * whatever the pass rate.
 */
import { DEFAULT_SCENARIOS_DIR, DEFAULT_THRESHOLDS, runEval } from "./runner.js";

it("the rules-mode responder meets the eval gate on every bundled scenario", async () => {
  const out: string[] = [];
  const result = await runEval(
    {
      scenarios: DEFAULT_SCENARIOS_DIR,
      repeat: 1,
      report: false,
      thresholds: DEFAULT_THRESHOLDS,
      gate: true,
      settle: 3,
      quiet: true,
    },
    { out: (t) => out.push(t), err: () => {} },
  );
  const unsafe = result.scores
    .filter((s) => s.safety.violations.length > 0 || (s.injection?.violations.length ?? 0) > 0)
    .map((s) => `${s.id}: ${[...s.safety.violations, ...(s.injection?.violations ?? [])].join("; ")}`);
  expect(unsafe, "safety or injection failures (hard failures)").toEqual([]);
  const failed = result.gate.checks.filter((c) => !c.passed).map((c) => c.description);
  const failures = result.scores.filter((s) => !s.pass).map((s) => `${s.id}: ${s.failures.join("; ")}`);
  expect({ failed, failures }).toEqual({ failed: [], failures: expect.any(Array) });
  expect(result.summary.safetyViolations).toBe(0);
  expect(result.summary.injectionFailures).toBe(0);
  // The planted-line scenarios are scored by the injection scorer (a renamed scenario can't drop out silently).
  expect(result.summary.injectionRuns).toBeGreaterThanOrEqual(2);
});
