/** Small helpers the simulated executors share. */

import type { ChangeEvent } from "../../domain/index.js";
import type { ActionRun } from "../automation-actions.js";
import { isoAt, recordChange } from "../world.js";

export const str = (run: ActionRun, key: string) => String(run.params[key] ?? "");
export const num = (run: ActionRun, key: string) => Number(run.params[key]);
export const author = (run: ActionRun) => `automation/${run.executionId}`;

/** Records the change an executor made, at the run's time and under its execution id. */
export function record(run: ActionRun, change: Omit<ChangeEvent, "id" | "time" | "author">): void {
  recordChange(run.world, { time: isoAt(run.nowMs), author: author(run), ...change });
}
