/**
 * `npm run eval -- --variants N [--seed S]` (and `--scenario X --variant K [--seed S]` to replay one):
 * every selected scenario run as N metamorphic variants through the same path and scorers as the bundled
 * run. Prints the pass rate and mean decision grade per scenario across its variants, the failing variants
 * with their replay commands, the investigation gaps, the summary over every variant run and the gate
 * (evals/thresholds-variants.yaml unless `--thresholds` says otherwise).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ReasonerConfig } from "../../agents/shared/context.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { GateResult, Thresholds } from "../gate.js";
import { checkGate } from "../gate.js";
import { runScenario } from "../harness/run-scenario.js";
import { gapsTable } from "../report/gaps.js";
import { markdownReport } from "../report/markdown.js";
import { ratesTable, summaryTable } from "../report/table.js";
import type { Scenario } from "../scenario/index.js";
import type { ScenarioScore, Summary } from "../scorers/index.js";
import { scoreScenario, summarise } from "../scorers/index.js";
import type { VariantInfo } from "./generate.js";
import { deriveVariant } from "./generate.js";
import { byScenario, failingList, failingVariants, variantTable } from "./report.js";

export const DEFAULT_VARIANT_SEED = 1;

export interface VariantRunOptions {
  /** Variants per scenario (1..N). */
  variants?: number;
  /** Only this variant (1-based). */
  variant?: number;
  seed: number;
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  mode: string;
  settle: number;
  thresholds: Thresholds;
  thresholdsPath: string;
  json?: string;
  report: string | false;
  quiet?: boolean;
}

export interface VariantEvalResult {
  mode: string;
  scores: ScenarioScore[];
  summary: Summary;
  gate: GateResult;
  infos: VariantInfo[];
}

interface IO {
  out: (text: string) => void;
  err: (text: string) => void;
}

/** Which variant numbers to run: `--variant K` alone, else 1..N. */
export function variantIndexes(options: { variants?: number; variant?: number }): number[] {
  if (options.variant !== undefined) return [options.variant];
  return Array.from({ length: options.variants ?? 0 }, (_, i) => i + 1);
}

function writeFile(path: string, text: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, text);
}

export async function runVariantEval(
  scenarios: Scenario[],
  options: VariantRunOptions,
  io: IO,
): Promise<VariantEvalResult> {
  const indexes = variantIndexes(options);
  const scores: ScenarioScore[] = [];
  const infos: VariantInfo[] = [];
  const total = scenarios.length * indexes.length;
  const width = String(total).length;
  const started = performance.now();
  for (const scenario of scenarios) {
    for (const index of indexes) {
      const t0 = performance.now();
      const variant = deriveVariant(scenario, index, options.seed);
      const run = await runScenario(variant.scenario, {
        retriever: options.retriever,
        reasoner: options.reasoner,
        settleMinutes: options.settle,
        sandbox: variant.sandbox,
      });
      const score: ScenarioScore = { ...scoreScenario(run, 0), variant: { index, seed: options.seed } };
      scores.push(score);
      infos.push(variant.info);
      if (!options.quiet) {
        const n = String(scores.length).padStart(width);
        const took = ((performance.now() - t0) / 1000).toFixed(1);
        io.err(
          `[${n}/${total}] ${`${score.id} v${index}`.padEnd(40)} ${score.pass ? "pass" : "FAIL"}  ${score.got.resolution}` +
            `${score.got.outcome ? ` → ${score.got.outcome}` : ""} (${took}s)\n`,
        );
      }
    }
  }
  const summary = summarise(scores);
  const gate = checkGate(summary, options.thresholds);
  if (!options.quiet)
    io.err(`ran ${total} variant run(s) in ${((performance.now() - started) / 1000).toFixed(1)}s\n`);

  const rows = byScenario(scores);
  const failing = failingVariants(scores);
  io.out(`\nVariants: ${indexes.length} per scenario, seed ${options.seed} (${total} runs)\n\n`);
  io.out(`${variantTable(rows)}\n\n${failingList(failing)}\n\n${gapsTable(scores)}\n\n`);
  io.out(`${summaryTable(summary)}\n\n${ratesTable("category", summary.byCategory)}\n`);
  io.out(`\nGate (${options.thresholdsPath}): ${gate.passed ? "PASSED" : "FAILED"}\n`);
  for (const c of gate.checks) io.out(`  ${c.passed ? "✓" : "✗"} ${c.description}\n`);

  const result: VariantEvalResult = { mode: options.mode, scores, summary, gate, infos };
  if (options.json) {
    const variants = { perScenario: indexes.length, indexes, seed: options.seed, runs: total };
    writeFile(
      options.json,
      `${JSON.stringify({ mode: options.mode, variants, summary, gate, byScenario: rows, failing, variantInfo: infos, scenarios: scores }, null, 2)}\n`,
    );
    io.out(`JSON written to ${options.json}\n`);
  }
  if (options.report) {
    const extra = `\n## Variants (${indexes.length} per scenario, seed ${options.seed})\n\n\`\`\`\n${variantTable(rows)}\n\n${failingList(failing)}\n\n${gapsTable(scores)}\n\`\`\`\n`;
    writeFile(options.report, `${markdownReport(result)}${extra}`);
    io.out(`Report written to ${options.report}\n`);
  }
  return result;
}
