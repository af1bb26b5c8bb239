/**
 * Retrieval evaluation: recall@1/3/5, MRR, nDCG@5 and "nothing relevant" precision on the labelled query
 * set, plus query latency on the built-in corpus and on a generated corpus (10,000 runbooks by default).
 *
 *   npx tsx evals/retrieval/eval-retrieval.ts [--json out.json] [--size 10000] [--queries file] [--failures]
 */
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import { Command } from "commander";
import { RunbookLibrary } from "../../knowledge/corpus/library.js";
import { StaticSource } from "../../knowledge/corpus/sources/static.js";
import { createBuiltInRetriever, HybridRetriever } from "../../knowledge/retrieval/index.js";
import { generateRunbooks } from "./generate-corpus.js";
import { DEFAULT_QUERY_FILE, loadQuerySet } from "./query-set.js";
import { type EvalReport, evaluate } from "./run.js";

const TARGETS = { recallAt3: 0.95, mrr: 0.85 };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => `${x.toFixed(2)} ms`;

function table(rows: [string, string, string][]): string {
  const widths = [0, 1, 2].map((c) => Math.max(...rows.map((r) => r[c as 0 | 1 | 2].length)));
  const line = (r: [string, string, string]) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  │  ");
  const rule = widths.map((w) => "─".repeat(w)).join("──┼──");
  return [line(rows[0]!), rule, ...rows.slice(1).map(line)].join("\n");
}

function render(builtIn: EvalReport, scaled: EvalReport | undefined): string {
  const col = (r: EvalReport | undefined, f: (r: EvalReport) => string) => (r ? f(r) : "–");
  const rows: [string, string, string][] = [
    [
      "metric",
      `built-in (${builtIn.corpusSize} runbooks)`,
      `generated (${scaled?.corpusSize ?? 0} runbooks)`,
    ],
    [
      "queries (relevant / none)",
      `${builtIn.positives} / ${builtIn.negatives}`,
      col(scaled, (r) => `${r.positives} / ${r.negatives}`),
    ],
    ["recall@1", pct(builtIn.recallAt1), col(scaled, (r) => pct(r.recallAt1))],
    ["recall@3", pct(builtIn.recallAt3), col(scaled, (r) => pct(r.recallAt3))],
    ["recall@5", pct(builtIn.recallAt5), col(scaled, (r) => pct(r.recallAt5))],
    ["MRR", builtIn.mrr.toFixed(3), col(scaled, (r) => r.mrr.toFixed(3))],
    ["nDCG@5", builtIn.ndcg.toFixed(3), col(scaled, (r) => r.ndcg.toFixed(3))],
    [
      "'nothing relevant' precision",
      pct(builtIn.nothingPrecision),
      col(scaled, (r) => pct(r.nothingPrecision)),
    ],
    ["'nothing relevant' recall", pct(builtIn.nothingRecall), col(scaled, (r) => pct(r.nothingRecall))],
    ["latency p50", ms(builtIn.latencyMs.p50), col(scaled, (r) => ms(r.latencyMs.p50))],
    ["latency p99", ms(builtIn.latencyMs.p99), col(scaled, (r) => ms(r.latencyMs.p99))],
  ];
  return table(rows);
}

function failures(report: EvalReport): string[] {
  return report.outcomes
    .filter((o) => (o.expected.length === 0 ? o.returned.length > 0 : (o.rank ?? 99) > 1))
    .map((o) => {
      const got = o.returned.slice(0, 3).join(", ") || "nothing";
      const want = o.expected.join(", ") || "nothing";
      return `  ${o.id}: expected ${want}, got ${got}${o.rank ? ` (rank ${o.rank})` : ""}`;
    });
}

async function main(): Promise<void> {
  const program = new Command()
    .name("eval-retrieval")
    .description("Evaluate runbook retrieval quality and latency")
    .option("--json <file>", "write the metrics as JSON to this file")
    .option("--queries <file>", "labelled query set (YAML)", DEFAULT_QUERY_FILE.pathname)
    .option("--size <n>", "runbooks in the generated corpus (0 to skip)", "10000")
    .option("--repeat <n>", "times each query runs for latency", "20")
    .option("--failures", "list every query whose first relevant runbook is not ranked first")
    .parse();
  const opts = program.opts<{
    json?: string;
    queries: string;
    size: string;
    repeat: string;
    failures?: boolean;
  }>();
  const queries = await loadQuerySet(opts.queries);
  const repeat = Math.max(1, Number(opts.repeat) || 1);

  const builtInRetriever = await createBuiltInRetriever();
  const builtInSize = builtInRetriever.library.size;
  process.stderr.write(
    `evaluating ${queries.length} queries on the built-in corpus (${builtInSize} runbooks)…\n`,
  );
  const builtIn = await evaluate(builtInRetriever, queries, {
    corpus: "built-in",
    corpusSize: builtInSize,
    repeat,
  });

  let scaled: EvalReport | undefined;
  let indexSeconds: number | undefined;
  const size = Number(opts.size) || 0;
  if (size > 0) {
    process.stderr.write(`generating and indexing ${size} runbooks…\n`);
    const generated = generateRunbooks(Math.max(0, size - builtInSize));
    const started = performance.now();
    const library = new RunbookLibrary([
      ...builtInRetriever.library.sources,
      new StaticSource("generated", generated),
    ]);
    await library.reload();
    const retriever = new HybridRetriever({ library });
    indexSeconds = (performance.now() - started) / 1000;
    process.stderr.write(`indexed ${library.size} runbooks in ${indexSeconds.toFixed(1)} s; querying…\n`);
    scaled = await evaluate(retriever, queries, {
      corpus: "generated",
      corpusSize: library.size,
      repeat: Math.min(repeat, 5),
    });
  }

  console.log(`\nRunbook retrieval evaluation (${queries.length} queries)\n`);
  console.log(render(builtIn, scaled));
  if (indexSeconds !== undefined)
    console.log(`\nindex build for ${scaled?.corpusSize} runbooks: ${indexSeconds.toFixed(1)} s`);
  const pass = builtIn.recallAt3 >= TARGETS.recallAt3 && builtIn.mrr >= TARGETS.mrr;
  console.log(
    `\ntargets (built-in): recall@3 >= ${TARGETS.recallAt3}, MRR >= ${TARGETS.mrr} → ${pass ? "met" : "NOT MET"}`,
  );
  const missed = failures(builtIn);
  if (opts.failures || !pass) {
    console.log(
      missed.length ? `\nnot ranked first (built-in):\n${missed.join("\n")}` : "\nevery query ranked first",
    );
  }

  if (opts.json) {
    const strip = ({ outcomes: _o, ...rest }: EvalReport) => rest;
    const out = {
      ...strip(builtIn),
      ...(scaled ? { generated: { ...strip(scaled), indexSeconds } } : {}),
      targets: TARGETS,
      targetsMet: pass,
      perQuery: builtIn.outcomes,
    };
    await writeFile(opts.json, `${JSON.stringify(out, null, 2)}\n`);
    console.log(`\nwrote ${opts.json}`);
  }
  builtInRetriever.close();
}

main().catch((error: unknown) => {
  console.error(`eval-retrieval: ${(error as Error).message}`);
  process.exitCode = 1;
});
