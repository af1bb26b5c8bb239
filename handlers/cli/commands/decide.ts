import { Command } from "@langchain/langgraph";
import { actionIds, findAction } from "../../../knowledge/actions/index.js";
import { createRetriever } from "../../../knowledge/retrieval/factory.js";
import { type HumanChoice, osUserIdentity, signedResume } from "../../approvals/sign-decision.js";
import { configFromEnv } from "../../runtime/config.js";
import { driveIncident, pendingApproval } from "../../runtime/drive.js";
import { prepareSimulatedRun } from "../../runtime/local.js";
import { localLogger } from "../../runtime/logger.js";
import { reasonerFromConfig } from "../../runtime/model.js";
import { openPersistence } from "../../runtime/persistence.js";
import { CliError } from "../errors.js";
import { createModelWarning } from "../render/model-warning.js";
import { createStyler } from "../render/style.js";
import { formatTimelineEntry } from "../render/timeline.js";
import { localApprovalKey, readSavedRuns, recordRunStep, stateDir } from "./saved-runs.js";
import { loadScenarioArg } from "./scenarios.js";

export interface DecideOptions {
  /** Who the operator says they are; must be the identity the CLI can vouch for (the OS user). */
  as?: string;
  comment?: string;
  /** Replace the proposed action (it goes back through the safety gate). */
  edit?: string;
  params?: string;
  out?: string;
}

/**
 * The identity this CLI can vouch for: the operating-system user running it (marked `os-user:`). A typed
 * name is not an identity: `--as` may only repeat it (or the bare user name), never name someone else.
 */
export function cliIdentity(as: string | undefined): string {
  const identity = osUserIdentity();
  const user = identity.slice("os-user:".length).split("@")[0];
  if (as && as !== identity && as !== user) {
    throw new CliError(
      `--as ${as} is not who is running this command (${identity}); the CLI signs as the OS user it runs as. ` +
        "To approve as someone else, that person runs air approve, or uses their approval link.",
    );
  }
  return identity;
}

/** What the operator chose, refusing bad input before anything is touched. */
export function humanChoice(decision: "accept" | "reject", options: DecideOptions): HumanChoice {
  if (!options.edit) return { decision, ...(options.comment ? { comment: options.comment } : {}) };
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
  return { decision: "edit", edited: { actionId: options.edit, params: params as Record<string, unknown> } };
}

/** `air approve|reject <incident>`: resumes a saved run in this (fresh) process from its DynamoDB checkpoint. */
export async function decideSavedRun(
  incidentId: string,
  decision: "accept" | "reject",
  options: DecideOptions,
) {
  const identity = cliIdentity(options.as);
  const choice = humanChoice(decision, options);
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
    const approvalKey = await localApprovalKey();
    const run = prepareSimulatedRun(scenario, {
      approvalKey,
      retriever: await createRetriever(),
      checkpointer: persistence.saver,
      reportsDir: options.out ?? config.reportsDir,
      replayMinutes: saved.minute,
      auditDir: `${stateDir()}/audit`,
      reasoner: reasonerFromConfig(config),
      logger: localLogger(),
    });
    const onModelUnreachable = createModelWarning(style, (text) => process.stdout.write(text));
    const pending = await pendingApproval(run.graph, incidentId);
    if (!pending) {
      throw new CliError(`incident ${incidentId} is not waiting for a decision (already decided?)`);
    }
    const resume = signedResume(approvalKey, pending, choice, identity, run.sandbox.clock.now());
    const result = await driveIncident(run.graph, incidentId, new Command({ resume }), {
      onTimeline: (entry) => {
        onModelUnreachable(entry);
        process.stdout.write(`${formatTimelineEntry(entry, style)}\n`);
      },
    });
    await recordRunStep(incidentId, saved, run, result);
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
