import type { ReasonerConfig } from "../../../agents/shared/context.js";
import { createRetriever } from "../../../knowledge/retrieval/factory.js";
import { MemoryOutcomes } from "../../../tools/local/memory-outcomes.js";
import type { Scenario } from "../../../tools/sandbox/index.js";
import { summarise } from "../../console/view.js";
import { configFromEnv } from "../../runtime/config.js";
import { localLogger } from "../../runtime/logger.js";
import { saveMetricSnapshot } from "../../runtime/metric-snapshot.js";
import { reasonerFromConfig } from "../../runtime/model.js";
import { openPersistence } from "../../runtime/persistence.js";
import { type ApprovalMode, createCliApprover } from "../approver.js";
import { CliError } from "../errors.js";
import { type PlayResult, playScenario } from "../play.js";
import { createModelWarning } from "../render/model-warning.js";
import { createStyler } from "../render/style.js";
import { formatSummary } from "../render/summary.js";
import { localApprovalKey, saveRun, stateDir } from "./saved-runs.js";

export interface PlayCommandOptions {
  /** Stop at approval requests and save the run instead of asking. */
  defer?: boolean;
  /** The scenario as given on the command line (saved with deferred runs). */
  scenarioArg?: string;
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
  const logger = localLogger({ verbose: options.verbose });
  const onModelUnreachable = createModelWarning(style, (text) => process.stdout.write(text));
  const persistence = await openPersistence(config, options.defer ? stateDir() : undefined);
  const retriever = await createRetriever();
  const outcomes = new MemoryOutcomes();
  process.stdout.write(
    style(
      "dim",
      `air · ${reasoner.mode === "model" ? `model mode (${config.bedrockModelId})` : "rules mode"} · checkpoints in ${persistence.where} · reports in ${options.out ?? config.reportsDir}/\n`,
    ),
  );
  const results: PlayResult[] = [];
  try {
    for (const scenario of scenarios) {
      const result = await playScenario(scenario, {
        retriever,
        reasoner,
        logger,
        onModelUnreachable,
        stepBudget: config.stepBudget,
        checkpointer: persistence.saver,
        outcomes,
        reportsDir: options.out ?? config.reportsDir,
        approver: options.defer ? undefined : createCliApprover(mode, style),
        ...(options.defer ? { approvalKey: await localApprovalKey() } : {}),
        incidentPrefix: options.defer ? `${scenario.metadata.id}-${Date.now().toString(36)}` : undefined,
        auditDir: options.defer ? `${stateDir()}/audit` : undefined,
        style,
        verbose: Boolean(options.verbose),
      });
      results.push(result);
      // Deferred runs are the local store: every one is indexed (paused or not) with its metric, so
      // `air approve` can resume it and `air console` can list and chart it.
      if (options.defer && result.incidentId && result.minute !== undefined) {
        if (result.run?.incident)
          await saveMetricSnapshot(
            stateDir(),
            result.run.sandbox.ports.metrics,
            result.run.incident,
            result.run.sandbox.clock.now(),
          );
        await saveRun(result.incidentId, {
          scenarioPath: options.scenarioArg ?? scenario.metadata.id,
          minute: result.minute,
          ...(result.state ? { summary: summarise(result.state, result.pending) } : {}),
          savedAt: new Date().toISOString(),
        });
      }
    }
  } finally {
    await persistence.close();
  }
  process.stdout.write(`${formatSummary(results, style)}\n`);
  return results;
}
