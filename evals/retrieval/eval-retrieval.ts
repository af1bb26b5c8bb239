/**
 * Retrieval evaluation: recall@1/3/5, MRR, nDCG@5 and "nothing relevant" precision/recall on labelled query
 * sets, plus query latency on the built-in corpus and on a generated corpus (10,000 runbooks by default).
 * By default it scores three sets: incident-shaped queries (queries.yaml, what the rules reasoner sends),
 * people-shaped queries (people-queries.yaml, what people and models type; tuned on) and the held-out
 * people-shaped queries (people-queries-heldout.yaml, written after the code and never tuned on).
 *
 *   npx tsx evals/retrieval/eval-retrieval.ts [--json out.json] [--size 10000] [--queries file...] [--failures]
 */
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import { RunbookLibrary } from "../../knowledge/corpus/library.js";
import { StaticSource } from "../../knowledge/corpus/sources/static.js";
import { createBuiltInRetriever, HybridRetriever } from "../../knowledge/retrieval/index.js";
import { generateRunbooks } from "./generate-corpus.js";
import { type LabelledQuery, loadQuerySet, QUERY_SETS } from "./query-set.js";
import { type EvalReport, evaluate } from "./run.js";

interface Targets {
  recallAt3: number;
  mrr: number;
  nothingPrecision?: number;
}

/** Quality targets per set (on the built-in corpus) and the latency target at 10,000 runbooks. */
export const TARGETS: Record<string, Targets> = {
  incident: { recallAt3: 0.95, mrr: 0.85 },
  people: { recallAt3: 0.9, mrr: 0.85, nothingPrecision: 0.8 },
  "people-heldout": { recallAt3: 0.9, mrr: 0.85, nothingPrecision: 0.8 },
};
export const LATENCY_TARGET_MS = 10;

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const ms = (x: number) => `${x.toFixed(2)} ms`;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  │  ");
  const rule = widths.map((w) => "─".repeat(w)).join("──┼──");
  return [line(rows[0] ?? []), rule, ...rows.slice(1).map(line)].join("\n");
}

interface SetResult {
  name: string;
  file: string;
  builtIn: EvalReport;
  scaled?: EvalReport;
  targets?: Targets;
  targetsMet?: boolean;
}

function render(results: SetResult[]): string {
  const cols = results.flatMap((r) =>
    [r.builtIn, ...(r.scaled ? [r.scaled] : [])].map((rep) => ({ r, rep })),
  );
  const row = (label: string, f: (rep: EvalReport) => string) => [label, ...cols.map(({ rep }) => f(rep))];
  return table([
    ["metric", ...cols.map(({ r, rep }) => `${r.name} @${rep.corpusSize}`)],
    row("queries (relevant / none)", (rep) => `${rep.positives} / ${rep.negatives}`),
    row("recall@1", (rep) => pct(rep.recallAt1)),
    row("recall@3", (rep) => pct(rep.recallAt3)),
    row("recall@5", (rep) => pct(rep.recallAt5)),
    row("MRR", (rep) => rep.mrr.toFixed(3)),
    row("nDCG@5", (rep) => rep.ndcg.toFixed(3)),
    row("'nothing relevant' precision", (rep) => pct(rep.nothingPrecision)),
    row("'nothing relevant' recall", (rep) => pct(rep.nothingRecall)),
    row("latency p50 (wall)", (rep) => ms(rep.latencyMs.p50)),
    row("latency p99 (wall)", (rep) => ms(rep.latencyMs.p99)),
    row("latency p99 (CPU)", (rep) => ms(rep.cpuMs.p99)),
  ]);
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

function meets(report: EvalReport, t: Targets): boolean {
  return (
    report.recallAt3 >= t.recallAt3 &&
    report.mrr >= t.mrr &&
    (t.nothingPrecision === undefined || report.nothingPrecision >= t.nothingPrecision)
  );
}

function describeTargets(t: Targets): string {
  return [
    `recall@3 >= ${t.recallAt3}`,
    `MRR >= ${t.mrr}`,
    ...(t.nothingPrecision !== undefined ? [`'nothing relevant' precision >= ${t.nothingPrecision}`] : []),
  ].join(", ");
}

async function main(): Promise<void> {
  const program = new Command()
    .name("eval-retrieval")
    .description("Evaluate runbook retrieval quality and latency")
    .option("--json <file>", "write the metrics as JSON to this file")
    .option(
      "--queries <file...>",
      "labelled query sets (YAML; default: the incident, people and held-out sets)",
    )
    .option("--size <n>", "runbooks in the generated corpus (0 to skip)", "10000")
    .option("--repeat <n>", "times each query runs for latency", "20")
    .option("--failures", "list every query whose first relevant runbook is not ranked first")
    .parse();
  const opts = program.opts<{
    json?: string;
    queries?: string[];
    size: string;
    repeat: string;
    failures?: boolean;
  }>();
  const files: { name: string; file: string }[] = opts.queries
    ? opts.queries.map((file) => ({ name: basename(file).replace(/\.ya?ml$/, ""), file }))
    : QUERY_SETS.map((s) => ({ name: s.name, file: fileURLToPath(s.url) })).filter((s) => existsSync(s.file));
  const sets: { name: string; file: string; queries: LabelledQuery[] }[] = [];
  for (const s of files) sets.push({ ...s, queries: await loadQuerySet(s.file) });
  const repeat = Math.max(1, Number(opts.repeat) || 1);

  const builtInRetriever = await createBuiltInRetriever();
  const builtInSize = builtInRetriever.library.size;
  const results: SetResult[] = [];
  for (const s of sets) {
    process.stderr.write(`${s.name}: ${s.queries.length} queries on the built-in corpus (${builtInSize})…\n`);
    const builtIn = await evaluate(builtInRetriever, s.queries, {
      corpus: "built-in",
      corpusSize: builtInSize,
      repeat,
    });
    const targets = TARGETS[s.name];
    results.push({
      name: s.name,
      file: s.file,
      builtIn,
      ...(targets ? { targets, targetsMet: meets(builtIn, targets) } : {}),
    });
  }

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
    await retriever.search({ text: "warm up" }); // compiles the text postings once
    indexSeconds = (performance.now() - started) / 1000;
    process.stderr.write(`indexed ${library.size} runbooks in ${indexSeconds.toFixed(1)} s; querying…\n`);
    for (const [i, s] of sets.entries()) {
      const result = results[i];
      if (!result) continue;
      result.scaled = await evaluate(retriever, s.queries, {
        corpus: "generated",
        corpusSize: library.size,
        repeat: Math.min(repeat, 5),
      });
    }
  }

  console.log(`\nRunbook retrieval evaluation\n`);
  console.log(render(results));
  if (indexSeconds !== undefined)
    console.log(`\nindex build for ${size} runbooks: ${indexSeconds.toFixed(1)} s`);
  console.log("");
  for (const r of results) {
    if (r.targets)
      console.log(
        `targets ${r.name} (built-in): ${describeTargets(r.targets)} → ${r.targetsMet ? "met" : "NOT MET"}`,
      );
  }
  const scaled = results.flatMap((r) => (r.scaled ? [r.scaled] : []));
  const worstP99 = Math.max(0, ...scaled.map((r) => r.latencyMs.p99));
  const worstCpuP99 = Math.max(0, ...scaled.map((r) => r.cpuMs.p99));
  const latencyMet = scaled.length === 0 || worstCpuP99 <= LATENCY_TARGET_MS;
  if (scaled.length > 0) {
    console.log(
      `latency at ${scaled[0]?.corpusSize} runbooks: p99 ${ms(worstP99)} wall, ${ms(worstCpuP99)} CPU (target <= ${LATENCY_TARGET_MS} ms) → ${latencyMet ? "met" : "NOT MET"}`,
    );
  }
  for (const r of results) {
    const missed = failures(r.builtIn);
    if (opts.failures || r.targetsMet === false) {
      console.log(
        missed.length
          ? `\nnot ranked first (${r.name}, built-in):\n${missed.join("\n")}`
          : `\n${r.name}: every query ranked first`,
      );
    }
  }

  if (opts.json) {
    const strip = ({ outcomes: _o, ...rest }: EvalReport) => rest;
    const out = {
      sets: Object.fromEntries(
        results.map((r) => [
          r.name,
          {
            file: r.file,
            builtIn: strip(r.builtIn),
            ...(r.scaled ? { generated: strip(r.scaled) } : {}),
            ...(r.targets ? { targets: r.targets, targetsMet: r.targetsMet } : {}),
            perQuery: r.builtIn.outcomes,
          },
        ]),
      ),
      ...(indexSeconds !== undefined ? { indexSeconds } : {}),
      latency: { targetMs: LATENCY_TARGET_MS, p99WallMs: worstP99, p99CpuMs: worstCpuP99, met: latencyMet },
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
