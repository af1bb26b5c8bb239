import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { HumanInterrupt } from "../../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../../graph/state.js";
import { IncidentSummarySchema, summarise } from "../../console/view.js";
import type { SimulatedRun } from "../../runtime/local.js";
import { saveMetricSnapshot } from "../../runtime/metric-snapshot.js";

/** Where `air` keeps local state between commands (checkpoints, saved runs). */
export function stateDir(): string {
  return process.env.AIR_STATE_DIR ?? ".air";
}

const SavedRunSchema = z.object({
  scenarioPath: z.string(),
  /** Simulated minutes at which the run paused: the world is replayed to here on resume. */
  minute: z.number().int().nonnegative(),
  savedAt: z.string(),
  /**
   * The incident as the console lists it, written by whoever last moved the run (play, approve, the
   * console), so listing a thousand incidents reads this file instead of a thousand checkpoints.
   */
  summary: IncidentSummarySchema.optional(),
});
export type SavedRun = z.infer<typeof SavedRunSchema>;
const SavedRunsSchema = z.record(z.string(), SavedRunSchema);

function file() {
  return join(stateDir(), "runs.json");
}

export async function readSavedRuns(): Promise<Record<string, SavedRun>> {
  try {
    return SavedRunsSchema.parse(JSON.parse(await readFile(file(), "utf8")));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw new Error(`${file()} is unreadable (${(error as Error).message}); delete it to start afresh`);
  }
}

/** Saves which simulated world a paused incident lives in; written atomically. */
export async function saveRun(incidentId: string, run: SavedRun): Promise<void> {
  const runs = await readSavedRuns();
  runs[incidentId] = run;
  await mkdir(stateDir(), { recursive: true });
  await writeFile(`${file()}.tmp`, JSON.stringify(runs, null, 2));
  await rename(`${file()}.tmp`, file());
}

/**
 * The local approval key (`.air/approval.key`, mode 0600): `air run --defer` and `air approve` in another
 * process both use it, so a sign-off given later verifies against the run that asked for it.
 */
export async function localApprovalKey(): Promise<string> {
  const path = join(stateDir(), "approval.key");
  try {
    return (await readFile(path, "utf8")).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const { randomBytes } = await import("node:crypto");
  const key = randomBytes(32).toString("hex");
  await mkdir(stateDir(), { recursive: true });
  await writeFile(path, key, { mode: 0o600, flag: "wx" }).catch(async (error) => {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  });
  return (await readFile(path, "utf8")).trim();
}

/**
 * After a run moved on (a decision resumed it): its entry in the run index (simulated minute, summary) and
 * its alarm metric snapshot, so the console shows where it stands without replaying it.
 */
export async function recordRunStep(
  incidentId: string,
  saved: SavedRun,
  run: SimulatedRun,
  result: { state: IncidentStateValue; pending?: HumanInterrupt },
): Promise<void> {
  await saveRun(incidentId, {
    ...saved,
    minute: run.sandbox.minute(),
    savedAt: new Date().toISOString(),
    summary: summarise(result.state, result.pending),
  });
  if (run.incident)
    await saveMetricSnapshot(
      stateDir(),
      run.sandbox.ports.metrics,
      { ...run.incident, id: incidentId },
      run.sandbox.clock.now(),
    );
}
