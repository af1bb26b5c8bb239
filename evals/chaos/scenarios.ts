/** Which bundled scenarios the chaos suite runs. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CRASH_SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../scenarios");

/**
 * One scenario per way an incident ends — auto-fix (SSM, Auto Scaling), sign-off accepted, sign-off
 * rejected, escalated, not an incident — and a staged plan.
 */
export const CRASH_SCENARIOS = [
  "disk-full-logs",
  "bad-ecs-deploy",
  "approver-rejects-rollback",
  "third-party-outage",
  "flapping-alarm",
  "traffic-surge-asg",
  // A staged plan: two gated stages on one group (next-stage between them).
  "traffic-surge-at-max",
];
export const QUICK_SCENARIOS = ["disk-full-logs", "bad-ecs-deploy"];
/** The load phase cycles through these. */
export const LOAD_SCENARIOS = CRASH_SCENARIOS;
