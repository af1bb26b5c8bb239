/** Which bundled scenarios the chaos suite runs. */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CRASH_SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../scenarios");

/**
 * One scenario per way an incident ends — auto-fix (SSM, Auto Scaling), sign-off accepted, sign-off
 * rejected, escalated, not an incident — about 370 crash points in all.
 */
export const CRASH_SCENARIOS = [
  "disk-full-logs",
  "bad-ecs-deploy",
  "approver-rejects-rollback",
  "third-party-outage",
  "flapping-alarm",
  "traffic-surge-asg",
];
export const QUICK_SCENARIOS = ["disk-full-logs", "bad-ecs-deploy"];
/** The load phase cycles through these. */
export const LOAD_SCENARIOS = CRASH_SCENARIOS;
