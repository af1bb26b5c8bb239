import { Command } from "@langchain/langgraph";
import { actionIds, findAction } from "../../../knowledge/actions/index.js";
import { createRetriever } from "../../../knowledge/retrieval/factory.js";
import { configFromEnv } from "../../runtime/config.js";
import { driveIncident, pendingApproval } from "../../runtime/drive.js";
import { prepareSimulatedRun } from "../../runtime/local.js";
import { openPersistence } from "../../runtime/persistence.js";
import { CliError } from "../errors.js";
import { createStyler } from "../render/style.js";
import { formatTimelineEntry } from "../render/timeline.js";
import { readSavedRuns, stateDir } from "./saved-runs.js";
import { loadScenarioArg } from "./scenarios.js";

export interface DecideOptions {
  as: string;
  comment?: string;
  /** Replace the proposed action (it goes back through the safety gate). */
  edit?: string;
  params?: string;
  out?: string;
}

function allowedApprovers(): string[] {
  return (process.env.AIR_APPROVERS ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Builds the resume value, refusing bad input before anything is touched. */
export function resumeValue(decision: "accept" | "reject", options: DecideOptions) {
  if (!options.as?.trim()) throw new CliError("say who is deciding: --as <name>");
  const approvers = allowedApprovers();
  if (approvers.length > 0 && !approvers.includes(options.as)) {
    throw new CliError(`${options.as} is not an allowed approver (AIR_APPROVERS=${approvers.join(",")})`);
  }
  if (!options.edit)
    return { decision, by: options.as, ...(options.comment ? { comment: options.comment } : {}) };
  if (decision !== "accept") throw new CliError("--edit only goes with approve");
  if (!findAction(options.edit)) {
    throw new CliError(
      `unknown action "${options.edit}": the catalogue has ${["", ...actionIds()].join("\n  - ")}`,
    );
  }
  let params: unknown;
  try {
    params = JSON.parse(options.params ?? "{}");
  } catch (error) {
    throw new CliError(`--params is not JSON: ${(error as Error).message}`);
  }
  if (!params || typeof params !== "object" || Array.isArray(params))
    throw new CliError("--params must be a JSON object");
  return {
    decision: "edit" as const,
    by: options.as,
    edited: { actionId: options.edit, params: params as Record<string, unknown> },
  };
}

/** `air approve|reject <incident>`: resumes a saved run in this (fresh) process from its DynamoDB checkpoint. */
export async function decideSavedRun(
  incidentId: string,
  decision: "accept" | "reject",
  options: DecideOptions,
) {
  const resume = resumeValue(decision, options);
  const saved = (await readSavedRuns())[incidentId];
  if (!saved) {
    throw new CliError(
      `no saved run for incident "${incidentId}" in ${stateDir()}/ (start one with: air run --scenario <name> --defer)`,
    );
  }
  const config = configFromEnv();
  const style = createStyler();
  const persistence = await openPersistence(config, stateDir());
  try {
    const scenario = await loadScenarioArg(saved.scenarioPath);
    const run = prepareSimulatedRun(scenario, {
      retriever: await createRetriever(),
      checkpointer: persistence.saver,
      reportsDir: options.out ?? config.reportsDir,
      replayMinutes: saved.minute,
      auditDir: `${stateDir()}/audit`,
    });
    if (!(await pendingApproval(run.graph, incidentId))) {
      throw new CliError(`incident ${incidentId} is not waiting for a decision (already decided?)`);
    }
    const result = await driveIncident(run.graph, incidentId, new Command({ resume }), {
      onTimeline: (entry) => process.stdout.write(`${formatTimelineEntry(entry, style)}\n`),
    });
    if (result.paused) {
      process.stdout.write(`  still waiting: ${result.pending?.description?.split("\n").at(-1) ?? ""}\n`);
    } else {
      process.stdout.write(
        `  ${style("bold", "outcome")} ${result.state.outcome} · report ${result.state.reportLocation}\n`,
      );
    }
  } finally {
    await persistence.close();
  }
}
