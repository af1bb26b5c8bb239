/**
 * Loghub-2k log-parsing benchmark for the Drain-style miner.
 *   benchmark mode: the Loghub benchmark's per-system Drain settings, GA compared with the published values;
 *   production mode: one configuration for every system, plus single-core throughput.
 * Run: tsx evals/bench/log-bench.ts [--mode both] [--data dir] [--json out.json] [--check]
 */
import { existsSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Command, Option } from "commander";
import { stripHeader } from "../../agents/log-analysis/mining/log-format.js";
import { rulesFromPatterns } from "../../agents/log-analysis/mining/masking.js";
import { type ParsingScores, scoreParsing } from "../../agents/log-analysis/mining/metrics.js";
import { LogTemplateMiner } from "../../agents/log-analysis/mining/miner.js";
import { LOGHUB_DRAIN_OPTIONS } from "../../agents/log-analysis/mining/options.js";
import { generateLog } from "../../agents/log-analysis/mining/synthetic.js";
import type { MinerOptions } from "../../agents/log-analysis/mining/types.js";
import { DRAIN_SETTINGS, loadSystem, PUBLISHED_DRAIN_GA, SYSTEMS, type SystemData } from "./loghub.js";

const DEFAULT_DATA = fileURLToPath(new URL("../../../shared/data/loghub-2k", import.meta.url));
const TOLERANCE = 0.002;

interface SystemResult extends ParsingScores {
  gaCorrected?: number;
  fgaCorrected?: number;
  paCorrected?: number;
  published?: number;
  clusters: number;
  linesPerSecond: number;
}

const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Mines `contents` and returns per-line labels/templates as they stand after the last line. */
function mine(miner: LogTemplateMiner, contents: readonly string[], byTemplate: boolean) {
  const start = process.hrtime.bigint();
  const ids = contents.map((c) => miner.add(c).clusterId);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const predicted = ids.map((id) => {
    const c = miner.cluster(id);
    const template = c?.template ?? "";
    return { label: byTemplate ? template : String(c?.id ?? id), template };
  });
  return { predicted, seconds };
}

function evaluate(data: SystemData, miner: LogTemplateMiner, byTemplate: boolean, contents: string[]) {
  const { predicted, seconds } = mine(miner, contents, byTemplate);
  const scores = scoreParsing(data.truth, predicted);
  const result: SystemResult = {
    ...scores,
    clusters: miner.size,
    linesPerSecond: Math.round(contents.length / Math.max(seconds, 1e-9)),
  };
  if (data.corrected) {
    const c = scoreParsing(data.corrected, predicted);
    Object.assign(result, { gaCorrected: c.ga, fgaCorrected: c.fga, paCorrected: c.pa });
  }
  return result;
}

/** Options reproducing Loghub's Drain for one system. */
export function benchmarkOptions(system: string): Partial<MinerOptions> {
  const s = DRAIN_SETTINGS[system];
  if (!s) throw new Error(`unknown system ${system}`);
  return {
    ...LOGHUB_DRAIN_OPTIONS,
    depth: s.depth,
    similarityThreshold: s.st,
    masks: rulesFromPatterns(s.regex),
  };
}

const f3 = (x: number | undefined) => (x === undefined ? "  -  " : x.toFixed(3));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);

function printTable(title: string, results: Record<string, SystemResult>, withPublished: boolean): void {
  const head = ["System", "GA", ...(withPublished ? ["pub", "diff"] : []), "FGA", "PA"];
  head.push("GA*", "FGA*", "PA*", "clusters", "lines/s");
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    f3(r.ga),
    ...(withPublished
      ? [f3(r.published), r.published === undefined ? "" : (r.ga - r.published).toFixed(3)]
      : []),
    f3(r.fga),
    f3(r.pa),
    f3(r.gaCorrected),
    f3(r.fgaCorrected),
    f3(r.paCorrected),
    String(r.clusters),
    String(r.linesPerSecond),
  ]);
  const all = Object.values(results);
  const avg = (k: keyof SystemResult) => f3(mean(all.map((r) => r[k] as number | undefined).filter(isNum)));
  rows.push([
    "Mean",
    avg("ga"),
    ...(withPublished ? [avg("published"), ""] : []),
    avg("fga"),
    avg("pa"),
    avg("gaCorrected"),
    avg("fgaCorrected"),
    avg("paCorrected"),
    "",
    "",
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd : c.padStart).call(c, widths[i] ?? 0)).join("  ");
  process.stdout.write(`\n${title}\n${line(head)}\n${rows.map(line).join("\n")}\n`);
  process.stdout.write("(* = against the corrected ground truth of Khan et al. 2022)\n");
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

/** Throughput of the production miner on one core, in lines per second (best of `rounds`). */
function throughput(lines: readonly string[], rounds: number): number {
  let best = 0;
  for (let i = 0; i < rounds; i++) {
    const miner = new LogTemplateMiner();
    const start = process.hrtime.bigint();
    for (const line of lines) miner.add(line);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    best = Math.max(best, lines.length / seconds);
  }
  return Math.round(best);
}

interface CliOptions {
  mode: "benchmark" | "production" | "both";
  data: string;
  json?: string;
  check?: boolean;
  systems?: string;
  header: "format" | "generic";
  syntheticLines: string;
}

async function main(): Promise<void> {
  const program = new Command()
    .name("log-bench")
    .description("Loghub-2k benchmark of the Drain-style log template miner")
    .addOption(
      new Option("--mode <mode>", "which configuration(s) to run")
        .choices(["benchmark", "production", "both"])
        .default("both"),
    )
    .option("--data <dir>", "Loghub-2k directory", DEFAULT_DATA)
    .option("--json <file>", "write results as JSON")
    .option("--check", `exit 1 if a benchmark-mode GA drifts more than ${TOLERANCE} from the published value`)
    .option("--systems <list>", "comma-separated subset of systems")
    .addOption(
      new Option("--header <how>", "production: how to find Content")
        .choices(["format", "generic"])
        .default("format"),
    )
    .option("--synthetic-lines <n>", "lines of the generated throughput log (0 to skip)", "1000000")
    .parse();
  const opts = program.opts<CliOptions>();
  const systems = opts.systems ? opts.systems.split(",").map((s) => s.trim()) : SYSTEMS;
  const unknown = systems.filter((s) => !SYSTEMS.includes(s));
  if (unknown.length) throw new Error(`unknown systems: ${unknown.join(", ")}`);

  if (!existsSync(opts.data)) {
    log(`Loghub-2k data not found at ${opts.data} (use --data <dir>)`);
    process.exitCode = 2;
    return;
  }
  const datasets = systems.map((s) => {
    log(`loading ${s}`);
    const d = loadSystem(opts.data, s);
    if (d.contentMismatches)
      log(`  warning: ${d.contentMismatches} contents differ from the ground-truth CSV`);
    return d;
  });
  const out: { benchmark?: Record<string, SystemResult>; production?: Record<string, unknown> } = {};
  let drifted: string[] = [];

  if (opts.mode !== "production") {
    const results: Record<string, SystemResult> = {};
    for (const d of datasets) {
      log(`benchmark mode: ${d.system}`);
      const r = evaluate(d, new LogTemplateMiner(benchmarkOptions(d.system)), true, d.contents);
      results[d.system] = { ...r, published: PUBLISHED_DRAIN_GA[d.system] };
    }
    printTable("Benchmark mode (Loghub Drain settings per system)", results, true);
    drifted = Object.entries(results)
      .filter(([, r]) => r.published !== undefined && Math.abs(r.ga - r.published) > TOLERANCE + 1e-9)
      .map(([s]) => s);
    out.benchmark = results;
  }

  if (opts.mode !== "benchmark") {
    const results: Record<string, SystemResult> = {};
    const inputs = (d: SystemData) =>
      opts.header === "generic" ? d.lines.map((l) => stripHeader(l)) : d.contents;
    for (const d of datasets) {
      log(`production mode: ${d.system}`);
      results[d.system] = evaluate(d, new LogTemplateMiner(), false, inputs(d));
    }
    printTable("Production mode (one configuration for all systems)", results, false);
    const all = datasets.flatMap(inputs);
    log(`throughput: ${all.length} concatenated lines`);
    const linesPerSecond = throughput(all, 5);
    const n = Number(opts.syntheticLines);
    let syntheticLinesPerSecond: number | undefined;
    if (n > 0) {
      log(`throughput: generating ${n} synthetic lines`);
      syntheticLinesPerSecond = throughput(generateLog(n).lines, 1);
    }
    const meanGA = mean(Object.values(results).map((r) => r.ga));
    process.stdout.write(`\nProduction mean GA ${meanGA.toFixed(3)}\n`);
    process.stdout.write(`Throughput (1 core): ${linesPerSecond} lines/s on ${all.length} Loghub lines`);
    if (syntheticLinesPerSecond !== undefined)
      process.stdout.write(`, ${syntheticLinesPerSecond} lines/s on ${n} generated lines`);
    process.stdout.write("\n");
    out.production = { ...results, meanGA, linesPerSecond, syntheticLinesPerSecond };
  }

  if (opts.json) writeFileSync(opts.json, `${JSON.stringify(out, null, 2)}\n`);
  if (opts.check && drifted.length) {
    log(`GA drifted more than ${TOLERANCE} from the published value: ${drifted.join(", ")}`);
    process.exitCode = 1;
  }
}

main().catch((err: unknown) => {
  log(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exitCode = 2;
});
