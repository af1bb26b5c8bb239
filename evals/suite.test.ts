/**
 * The eval gate under `npm test`: the whole suite in rules mode must meet evals/thresholds.yaml — no
 * safety violation, and no drop in pass rate, escalation F1, runbook MRR or detection.
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
  const failed = result.gate.checks.filter((c) => !c.passed).map((c) => c.description);
  const failures = result.scores.filter((s) => !s.pass).map((s) => `${s.id}: ${s.failures.join("; ")}`);
  expect({ failed, failures }).toEqual({ failed: [], failures: expect.any(Array) });
  expect(result.summary.safetyViolations).toBe(0);
});
