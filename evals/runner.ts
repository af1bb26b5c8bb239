/**
 * The eval runner (`npm run eval`, `air eval`): runs every scenario through the real path on the simulated
 * account, scores each decision, prints a table per scenario, the summary and per-category tables, writes
 * JSON and a markdown report on request, and exits non-zero when the gate's thresholds are not met.
 *
 * Exit codes: 0 gate passed · 1 gate failed (safety or a threshold) · 2 bad input (scenario, option, file).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import type { ReasonerConfig } from "../agents/shared/context.js";
import { configFromEnv } from "../handlers/runtime/config.js";
import { reasonerFromConfig } from "../handlers/runtime/model.js";
import { createRetriever } from "../knowledge/retrieval/factory.js";
import { ScenarioError } from "../tools/sandbox/index.js";
import { nonNegativeInt, positiveInt } from "./cli-args.js";
import type { GateResult } from "./gate.js";
import { checkGate, loadThresholds } from "./gate.js";
import { selectScenarios } from "./harness/discover.js";
import { DEFAULT_SETTLE_MINUTES, runScenario } from "./harness/run-scenario.js";
import { runLambdaEval } from "./lambda-mode.js";
import { redteamCommand } from "./redteam/run.js";
import { gapsTable } from "./report/gaps.js";
import { markdownReport } from "./report/markdown.js";
import { failureList, ratesTable, scenarioTable, summaryTable } from "./report/table.js";
import type { ScenarioScore, Summary } from "./scorers/index.js";
import { scoreScenario, summarise } from "./scorers/index.js";
import { DEFAULT_VARIANT_SEED, runVariantEval } from "./variants/run.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SCENARIOS_DIR = resolve(HERE, "scenarios");
export const DEFAULT_THRESHOLDS = resolve(HERE, "thresholds.yaml");
/** The gate for variant runs (see evals/README.md, "Variants"). */
export const DEFAULT_VARIANT_THRESHOLDS = resolve(HERE, "thresholds-variants.yaml");
export const DEFAULT_REPORT = "runs/eval/report.md";

export interface EvalOptions {
  /** Folder of scenario files (or one file). */
  scenarios: string;
  /** Glob on scenario file name or id. */
  scenario?: string;
  /** Substring of id, title, category or tag. */
  filter?: string;
  /** Bedrock model id; rules mode when unset. */
  model?: string;
  repeat: number;
  json?: string;
  /** Markdown report path, or false for none. */
  report: string | false;
  thresholds: string;
  /** When false, the gate is reported but never fails the exit code. */
  gate: boolean;
  settle: number;
  quiet?: boolean;
  /** Run every scenario the way the deployed stack would (budgeted invocations, scheduled wake-ups). */
  lambda?: boolean;
  /** Lambda mode: seconds each invocation starts with (virtual). */
  budget?: number;
  /** Lambda mode: worker memory for the bill, MB. */
  memory?: number;
  /** Run every scenario as this many metamorphic variants (evals/variants). */
  variants?: number;
  /** Run only this variant (1-based) of each selected scenario. */
  variant?: number;
  /** Seed of the variant generator (default 1). */
  seed?: number;
}

export interface EvalResult {
  mode: string;
  scores: ScenarioScore[];
  summary: Summary;
  gate: GateResult;
}

export interface EvalIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIO: EvalIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

function reasonerFor(model: string | undefined): { reasoner: ReasonerConfig; mode: string } {
  if (!model) return { reasoner: { mode: "rules" }, mode: "rules" };
  return {
    reasoner: reasonerFromConfig({ ...configFromEnv(), bedrockModelId: model }),
    mode: `model ${model}`,
  };
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text);
}

/** Runs the selected scenarios and scores them; writes files and prints as the options say. */
export async function runEval(options: EvalOptions, io: EvalIO = defaultIO): Promise<EvalResult> {
  const variantRun = options.variants !== undefined || options.variant !== undefined;
  if (variantRun && options.repeat > 1)
    throw new Error(
      "--repeat cannot be combined with --variants/--variant; use another --seed for more variants",
    );
  const thresholdsPath =
    variantRun && options.thresholds === DEFAULT_THRESHOLDS ? DEFAULT_VARIANT_THRESHOLDS : options.thresholds;
  const thresholds = loadThresholds(thresholdsPath);
  const scenarios = selectScenarios(options.scenarios, {
    ...(options.scenario ? { scenario: options.scenario } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
  });
  if (scenarios.length === 0) {
    throw new ScenarioError(
      options.scenarios,
      [],
      `No scenario in ${options.scenarios} matches${options.scenario ? ` --scenario '${options.scenario}'` : ""}${options.filter ? ` --filter '${options.filter}'` : ""}.`,
    );
  }
  const { reasoner, mode } = reasonerFor(options.model);
  const retriever = await createRetriever();
  if (variantRun) {
    return runVariantEval(
      scenarios,
      {
        ...(options.variants !== undefined ? { variants: options.variants } : {}),
        ...(options.variant !== undefined ? { variant: options.variant } : {}),
        seed: options.seed ?? DEFAULT_VARIANT_SEED,
        retriever,
        reasoner,
        mode,
        settle: options.settle,
        thresholds,
        thresholdsPath,
        ...(options.json ? { json: options.json } : {}),
        report: options.report,
        ...(options.quiet ? { quiet: true } : {}),
      },
      io,
    );
  }
  const scores: ScenarioScore[] = [];
  const total = scenarios.length * options.repeat;
  const width = String(total).length;
  const started = performance.now();
  for (let repeat = 0; repeat < options.repeat; repeat++) {
    for (const scenario of scenarios) {
      const t0 = performance.now();
      const run = await runScenario(scenario, { retriever, reasoner, settleMinutes: options.settle });
      const score = scoreScenario(run, repeat);
      scores.push(score);
      if (!options.quiet) {
        const n = String(scores.length).padStart(width);
        const took = ((performance.now() - t0) / 1000).toFixed(1);
        io.err(
          `[${n}/${total}] ${score.id.padEnd(36)} ${score.pass ? "pass" : "FAIL"}  ${score.got.resolution}` +
            `${score.got.outcome ? ` → ${score.got.outcome}` : ""} (${took}s)\n`,
        );
      }
    }
  }
  const summary = summarise(scores);
  const gate = checkGate(summary, thresholds);
  if (!options.quiet)
    io.err(`ran ${total} scenario run(s) in ${((performance.now() - started) / 1000).toFixed(1)}s\n`);

  io.out(`\n${scenarioTable(scores)}\n\n${failureList(scores)}\n\n${gapsTable(scores)}\n`);
  io.out(`\n${summaryTable(summary)}\n`);
  io.out(
    `\n${ratesTable("category", summary.byCategory)}\n\n${ratesTable("expected", summary.byResolution)}\n`,
  );
  io.out(`\nGate (${options.thresholds}): ${gate.passed ? "PASSED" : "FAILED"}\n`);
  for (const c of gate.checks) io.out(`  ${c.passed ? "✓" : "✗"} ${c.description}\n`);

  const result: EvalResult = { mode, scores, summary, gate };
  if (options.json) {
    writeFile(options.json, `${JSON.stringify({ mode, summary, gate, scenarios: scores }, null, 2)}\n`);
    io.out(`JSON written to ${options.json}\n`);
  }
  if (options.report) {
    writeFile(options.report, markdownReport(result));
    io.out(`Report written to ${options.report}\n`);
  }
  return result;
}

/** Lambda mode: the selected scenarios, each run budgeted and compared with its in-process run. */
export async function runLambda(options: EvalOptions, io: EvalIO = defaultIO) {
  const scenarios = selectScenarios(options.scenarios, {
    ...(options.scenario ? { scenario: options.scenario } : {}),
    ...(options.filter ? { filter: options.filter } : {}),
  });
  if (scenarios.length === 0)
    throw new ScenarioError(
      options.scenarios,
      [],
      `No scenario in ${options.scenarios} matches the selection.`,
    );
  const { reasoner } = reasonerFor(options.model);
  return runLambdaEval(
    scenarios,
    {
      retriever: await createRetriever(),
      reasoner,
      ...(options.budget ? { budgetSeconds: options.budget } : {}),
      ...(options.memory ? { memoryMb: options.memory } : {}),
      ...(options.json ? { json: options.json } : {}),
      ...(options.quiet ? { quiet: true } : {}),
    },
    io,
  );
}

/** The `eval` command (and `eval redteam`), for the `air` CLI and for running this file directly. */
export function evalCommand(
  io: EvalIO = defaultIO,
  exit: (code: number) => void = (c) => {
    process.exitCode = c;
  },
): Command {
  return new Command("eval")
    .description("Run the fault-injection scenarios through the responder and score every decision")
    .enablePositionalOptions()
    .addCommand(redteamCommand(io, exit))
    .option("--scenarios <path>", "folder of scenario YAML files (or one file)", DEFAULT_SCENARIOS_DIR)
    .option(
      "--scenario <globs>",
      "only scenarios whose file name or id matches a glob, e.g. 'disk-*,bad-ecs-deploy'",
    )
    .option("--filter <text>", "only scenarios whose id, title, category or tags contain the text")
    .option("--model <id>", "Bedrock model or inference-profile id (default: rules mode, no model)")
    .option("--repeat <k>", "run every scenario k times (pass@1 and pass^k)", positiveInt, 1)
    .option("--json <file>", "write per-scenario results and the summary as JSON")
    .option("--report <file>", "write the markdown report here", DEFAULT_REPORT)
    .option("--no-report", "do not write the markdown report")
    .option("--thresholds <file>", "gate thresholds (YAML)", DEFAULT_THRESHOLDS)
    .option("--no-gate", "report the gate but always exit 0 when the run itself worked")
    .option(
      "--settle <minutes>",
      "simulated minutes to let the world run after the graph ends",
      nonNegativeInt,
      DEFAULT_SETTLE_MINUTES,
    )
    .option("-q, --quiet", "no progress lines on stderr")
    .option(
      "--variants <n>",
      "run every scenario as n metamorphic variants (new names, ids, log dialects, wording, timings, noise); gate: evals/thresholds-variants.yaml",
      positiveInt,
    )
    .option(
      "--variant <k>",
      "run only variant k of each selected scenario (replay one failing variant)",
      positiveInt,
    )
    .option("--seed <s>", "seed of the variant generator (default 1)", nonNegativeInt)
    .option(
      "--lambda",
      "run as the deployed stack would: budgeted worker invocations, wake-ups from a scheduled queue; compares outcomes with the in-process run and reports the Lambda bill",
    )
    .option("--budget <seconds>", "Lambda mode: time each invocation starts with (virtual)", positiveInt)
    .option("--memory <mb>", "Lambda mode: worker memory for the bill", positiveInt)
    .action(async (opts: EvalOptions) => {
      try {
        if (opts.lambda && (opts.variants !== undefined || opts.variant !== undefined))
          throw new Error("--lambda cannot be combined with --variants/--variant");
        if (opts.lambda) {
          const result = await runLambda(opts, io);
          exit(result.summary.outcomeMismatches === 0 ? 0 : 1);
          return;
        }
        const result = await runEval(opts, io);
        exit(opts.gate && !result.gate.passed ? 1 : 0);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        io.err(`${error instanceof ScenarioError ? "" : "eval: "}${message}\n`);
        exit(2);
      }
    });
}

/** Entry point when run as `tsx evals/runner.ts [options]`. */
export async function main(argv: string[] = process.argv): Promise<void> {
  await evalCommand().parseAsync(argv);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
