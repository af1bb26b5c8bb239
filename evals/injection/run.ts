/**
 * The injection corpus eval: recall on attack lines, false-positive rate on ordinary log lines.
 *
 *   npm run eval:injection -- [--positives FILE] [--negatives FILE|DIR] [--json out.json]
 *
 * `--positives` / `--negatives` replace the built-in corpus of that kind (one entry per line; a directory is
 * searched recursively for `*.log` files), e.g. `--negatives ../shared/data/loghub-2k`.
 */
import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { pct, renderTable } from "../report/table.js";
import {
  BUILTIN_NEGATIVES,
  BUILTIN_POSITIVES,
  type CorpusResult,
  evaluateCorpus,
  loadCorpus,
} from "./corpus.js";

const clip = (s: string, n = 140) => {
  const flat = JSON.stringify(s).slice(1, -1);
  return flat.length > n ? `${flat.slice(0, n)}…` : flat;
};

export function renderResult(result: CorpusResult): string {
  const s = result.summary;
  const out = [
    renderTable(
      ["corpus", "entries", "flagged", "rate"],
      [
        [
          "positives (recall)",
          String(s.positives),
          String(s.positives - result.misses.length),
          pct(s.recall),
        ],
        [
          "negatives (false positives)",
          String(s.negatives),
          String(s.falsePositives),
          pct(s.falsePositiveRate),
        ],
      ],
    ),
  ];
  const sections = Object.entries(result.sections);
  if (sections.length > 1) {
    out.push(
      "",
      renderTable(
        ["positives section", "entries", "recall"],
        sections.map(([name, v]) => [name, String(v.positives), pct(v.recall)]),
      ),
    );
  }
  if (result.misses.length > 0) {
    out.push(
      "",
      `Misses (${result.misses.length}):`,
      ...result.misses.map((m) => `  ${m.source}  ${clip(m.text)}`),
    );
  }
  if (result.falseAlarms.length > 0) {
    out.push(
      "",
      `False alarms (${result.falseAlarms.length}):`,
      ...result.falseAlarms
        .slice(0, 50)
        .map((f) => `  ${f.source}  [${f.signals.join(",")}]  ${clip(f.text)}`),
    );
    if (result.falseAlarms.length > 50)
      out.push(`  … and ${result.falseAlarms.length - 50} more (see --json)`);
  }
  return out.join("\n");
}

async function main(): Promise<void> {
  const opts = new Command()
    .name("eval-injection")
    .description("Scores the prompt-injection detector on attack lines and on ordinary log lines")
    .option("--positives <file>", "attack lines, one per line (replaces the built-in positives)")
    .option(
      "--negatives <path>",
      "ordinary lines: a file, or a directory of *.log files (replaces the built-in)",
    )
    .option("--json <file>", "write { summary, sections, misses, falseAlarms } as JSON")
    .option("--min-recall <r>", "exit 1 below this recall (when there are positives)", Number, 0.95)
    .option("--max-fpr <r>", "exit 1 above this false-positive rate", Number, 0.001)
    .option("--no-gate", "report only; always exit 0 when the run itself worked")
    .parse()
    .opts<{
      positives?: string;
      negatives?: string;
      json?: string;
      minRecall: number;
      maxFpr: number;
      gate: boolean;
    }>();
  let result: CorpusResult;
  try {
    const started = Date.now();
    result = evaluateCorpus(
      loadCorpus(opts.positives ?? BUILTIN_POSITIVES),
      loadCorpus(opts.negatives ?? BUILTIN_NEGATIVES),
    );
    console.log(renderResult(result));
    console.log(`\n(${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    console.error(`eval:injection: ${(error as Error).message}`);
    process.exitCode = 2;
    return;
  }
  if (opts.json) {
    await writeFile(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`JSON written to ${opts.json}`);
  }
  const { recall, falsePositiveRate, positives } = result.summary;
  const failures = [
    ...(positives > 0 && recall < opts.minRecall ? [`recall ${recall.toFixed(3)} < ${opts.minRecall}`] : []),
    ...(falsePositiveRate > opts.maxFpr ? [`false-positive rate ${falsePositiveRate} > ${opts.maxFpr}`] : []),
  ];
  if (failures.length > 0) {
    console.log(`Gate: FAILED (${failures.join("; ")})`);
    if (opts.gate) process.exitCode = 1;
  } else console.log("Gate: passed");
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
