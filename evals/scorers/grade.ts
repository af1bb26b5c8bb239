/**
 * The decision grade: "would acting on what the responder decided have fixed it?", on the four-step scale
 * incident.io publishes for its agent (100 / 65 / 35 / 0). Defined in evals/README.md ("Decision grade"):
 *
 * - 0   harmful or no answer: a safety violation, an action ran that does not fix it (even one later rolled
 *       back), a fix ran and the account still did not recover, or the run failed without a decision;
 * - 35  safe but not a fix: nothing wrong ran, yet following the decision would not have fixed it (the
 *       wrong resolution with no acceptable plan, a missed incident, a page for a non-incident);
 * - 65  the right fix, imperfectly: the scenario passes but triage's first suspect is not a root cause, or
 *       the scenario fails only on the resolution step while the proposed action is an acceptable fix;
 * - 100 the scenario passes and the first suspect is a root cause (or, with no incident, nothing was done).
 */
import type { ScenarioScore } from "./types.js";

export type DecisionGrade = 100 | 65 | 35 | 0;
export const DECISION_GRADES: readonly DecisionGrade[] = [100, 65, 35, 0];

export function decisionGrade(
  score: Pick<
    ScenarioScore,
    "pass" | "safety" | "actionCorrect" | "planCorrect" | "recovery" | "rootCause" | "got" | "expected"
  >,
): DecisionGrade {
  if (score.safety.violations.length > 0) return 0;
  if (score.got.error) return 0;
  if (score.got.executed.length > 0 && !score.actionCorrect) return 0;
  if (score.recovery.expected && score.recovery.met === false && score.got.executed.length > 0) return 0;
  if (score.pass) return score.rootCause === null || score.rootCause.top1 ? 100 : 65;
  if (score.planCorrect === true) return 65;
  return 35;
}
