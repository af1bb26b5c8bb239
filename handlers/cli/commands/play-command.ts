import type { ReasonerConfig } from "../../../agents/shared/context.js";
import type { Scenario } from "../../../evals/sandbox/index.js";
import { createRetriever } from "../../../knowledge/retrieval/factory.js";
import { MemoryOutcomes } from "../../../tools/local/memory-outcomes.js";
import { configFromEnv } from "../../runtime/config.js";
import { reasonerFromConfig } from "../../runtime/model.js";
import { openPersistence } from "../../runtime/persistence.js";
import { type ApprovalMode, createCliApprover } from "../approver.js";
import { CliError } from "../errors.js";
import { type PlayResult, playScenario } from "../play.js";
import { createStyler } from "../render/style.js";
import { formatSummary } from "../render/summary.js";

export interface PlayCommandOptions {
  approve?: boolean;
  reject?: boolean;
  out?: string;
  verbose?: boolean;
}

export function approvalMode(options: PlayCommandOptions): ApprovalMode {
  if (options.approve && options.reject) throw new CliError("--approve and --reject cannot be used together");
  return options.approve ? "approve" : options.reject ? "reject" : "ask";
}

/** Plays scenarios one after another on the real saver (in-process DynamoDB), sharing outcome history. */
export async function playScenarios(
  scenarios: Scenario[],
  options: PlayCommandOptions,
): Promise<PlayResult[]> {
  const mode = approvalMode(options);
  const config = configFromEnv();
  const style = createStyler();
  const reasoner: ReasonerConfig = reasonerFromConfig(config);
  const persistence = await openPersistence(config);
  const retriever = await createRetriever();
  const outcomes = new MemoryOutcomes();
  process.stdout.write(
    style(
      "dim",
      `air · ${reasoner.mode} mode · checkpoints in ${persistence.where} · reports in ${options.out ?? config.reportsDir}/\n`,
    ),
  );
  const results: PlayResult[] = [];
  try {
    for (const scenario of scenarios) {
      results.push(
        await playScenario(scenario, {
          retriever,
          reasoner,
          checkpointer: persistence.saver,
          outcomes,
          reportsDir: options.out ?? config.reportsDir,
          approver: createCliApprover(mode, style),
          style,
          verbose: Boolean(options.verbose),
        }),
      );
    }
  } finally {
    await persistence.close();
  }
  process.stdout.write(`${formatSummary(results, style)}\n`);
  return results;
}
