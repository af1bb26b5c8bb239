/**
 * Log-evidence evaluation on the simulated account: for every bundled scenario whose fault writes log lines,
 * does the log-analysis reasoner put a true-cause line first, at the first alarm and a few minutes later?
 * True-cause lines are the ones the scenario's fault modules wrote (see truth.ts).
 *
 *   npx tsx evals/log-evidence/run.ts [--json out.json] [--lag 5] [--seeds 1] [--scenario id...] [--evidence]
 */
import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { num, pct, renderTable } from "../report/table.js";
import { DEFAULT_LAG_MINUTES, type Look, measureAll, type ScenarioResult } from "./measure.js";
import { type LookName, type Summary, summarise } from "./summary.js";

const cell = (look: Look | undefined) => {
  if (!look) return ["-", "-", "-"];
  if (look.signalLines === 0) return ["0", "·", "·"];
  return [String(look.signalLines), look.top1 ? "✓" : "✗", look.rank ? String(look.rank) : "-"];
};

function scenarioTable(results: ScenarioResult[], names: Map<ScenarioResult, string>, lag: number): string {
  const rows = results.map((r) => [
    names.get(r) ?? r.id,
    r.faults.join(",") || "-",
    ...cell(r.atAlarm),
    ...cell(r.later),
    r.atAlarm?.evidence[0]?.kind ?? (r.skipped ? `(${r.skipped})` : "-"),
  ]);
  return renderTable(
    [
      "scenario",
      "fault",
      "signal@0",
      "first@0",
      "rank@0",
      `signal@+${lag}`,
      `first@+${lag}`,
      `rank@+${lag}`,
      "top kind@0",
    ],
    rows,
  );
}

function summaryTable(summaries: Summary[], lag: number): string {
  const label = (look: LookName) => (look === "atAlarm" ? "at the alarm" : `alarm + ${lag} min`);
  return renderTable(
    ["look", "with signal", "true cause first", "rate", "of which mostly fault lines", "MRR", "no signal"],
    summaries.map((s) => [
      label(s.look),
      `${s.withSignal}/${s.runs}`,
      `${s.top1}/${s.withSignal}`,
      pct(s.top1Rate),
      String(s.top1Strict),
      num(s.mrr, 3),
      String(s.noSignal.length),
    ]),
  );
}

function details(results: ScenarioResult[], names: Map<ScenarioResult, string>, all: boolean): string[] {
  const out: string[] = [];
  for (const r of results) {
    for (const look of [r.atAlarm, r.later]) {
      if (!look || look.signalLines === 0 || (look.top1 && !all)) continue;
      out.push(`${names.get(r) ?? r.id} at alarm + ${look.atMinute} min (rank ${look.rank ?? "-"}):`);
      for (const e of look.evidence.slice(0, 4)) {
        const mark = e.cause ? `cause/${e.causeBy}` : "other";
        out.push(
          `  ${mark.padEnd(13)} ${e.kind.padEnd(18)} ${e.score.toFixed(2).padStart(6)}  ${e.template.slice(0, 110)}`,
        );
      }
    }
  }
  return out;
}

async function main(): Promise<void> {
  const opts = new Command()
    .name("eval-log-evidence")
    .description("Does the log evidence put the true cause first on the simulated account?")
    .option("--json <file>", "write the per-scenario results and the summary as JSON")
    .option(
      "--lag <minutes>",
      "minutes after the first alarm of the second look",
      String(DEFAULT_LAG_MINUTES),
    )
    .option("--seeds <n>", "runs per scenario: its own seed and n-1 derived ones", "1")
    .option("--scenario <id...>", "only these scenarios")
    .option("--evidence", "print the top evidence of every run, not only of the misses")
    .parse()
    .opts<{ json?: string; lag: string; seeds: string; scenario?: string[]; evidence?: boolean }>();
  const lag = Number(opts.lag);
  const seeds = Number(opts.seeds);
  const { results, names } = await measureAll({
    lagMinutes: lag,
    seeds,
    ...(opts.scenario ? { ids: opts.scenario } : {}),
  });
  const name = (r: ScenarioResult) => names.get(r) ?? r.id;
  const summaries = [summarise(results, "atAlarm", name), summarise(results, "later", name)];
  console.log(scenarioTable(results, names, lag));
  console.log(`\n${summaryTable(summaries, lag)}`);
  const [atAlarm] = summaries;
  if (atAlarm && atAlarm.noSignal.length > 0) {
    console.log("\nNo log signal at the alarm:");
    for (const n of atAlarm.noSignal) console.log(`  ${n.run}: ${n.reason}`);
  }
  const lines = details(results, names, opts.evidence ?? false);
  if (lines.length > 0)
    console.log(`\n${opts.evidence ? "Top evidence" : "Misses (top evidence)"}:\n${lines.join("\n")}`);
  if (opts.json) {
    await writeFile(
      opts.json,
      `${JSON.stringify({ lagMinutes: lag, seeds, summary: summaries, scenarios: results }, null, 2)}\n`,
    );
    console.log(`\nJSON written to ${opts.json}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
