/**
 * Alarm-storm benchmark for intake: generates a deterministic storm with ground truth
 * (evals/bench/intake/storm.ts), runs every delivery through `processIntake` → `IncidentStore` on an
 * in-process dynalite in virtual-time order (events of one virtual minute concurrently), and scores the
 * grouping: pairwise precision/recall/F1 over ALARM deliveries, noise reduction, throughput. Also times
 * parse + normalise + fingerprint alone in memory.
 *
 *   npm run bench:intake -- [--seed 42] [--events 12000] [--incidents 300] [--concurrency 8] [--json out.json] [--check]
 *
 * dynalite runs in this process, so events/s includes the emulator's CPU and no network: it measures
 * intake's request volume and contention handling, not AWS latency.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { writeFile } from "node:fs/promises";
import { Command } from "commander";
import { positiveInt } from "../cli-args.js";
import { measureInMemory, runOnDynalite } from "./intake/run.js";
import { type BenchResult, scoreRun, TARGETS } from "./intake/score.js";
import { DEFAULT_STORM, generateStorm } from "./intake/storm.js";

const log = (msg: string) => process.stderr.write(`${msg}\n`);

function printTable(r: BenchResult) {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const num = (x: number, digits = 0) => x.toLocaleString("en-US", { maximumFractionDigits: digits });
  const mark = (ok: boolean) => (ok ? "ok" : "MISSED");
  const rows: [string, string, string][] = [
    ["pairwise F1", r.f1.toFixed(4), `>= ${TARGETS.f1} ${mark(r.f1 >= TARGETS.f1)}`],
    ["pairwise precision", r.precision.toFixed(4), ""],
    ["pairwise recall", r.recall.toFixed(4), ""],
    [
      "noise reduction",
      pct(r.noiseReduction),
      `>= ${pct(TARGETS.noiseReduction)} ${mark(r.noiseReduction >= TARGETS.noiseReduction)}`,
    ],
    ["best possible noise reduction", pct(r.bestNoiseReduction), "1 - true incidents / alarm events"],
    ["events/s (dynalite, wall clock)", num(r.eventsPerSecond, 1), `concurrency ${r.concurrency}`],
    ["events/s (parse+normalise+fingerprint)", num(r.inMemoryEventsPerSecond), "in memory"],
    ["events delivered", num(r.events), `${num(r.virtualHours, 1)} virtual hours, ${num(r.batches)} minutes`],
    ["ALARM events (scored)", num(r.alarmEvents), "duplicates included"],
    ["incidents opened", num(r.incidents), ""],
    [
      "true incidents",
      num(r.trueIncidents),
      `${num(r.trueMultiAlarmIncidents)} incidents + ${num(r.noiseIncidents)} noise`,
    ],
    ["run starts", num(r.runStarts), "one per incident + reopenings"],
    [
      "DynamoDB requests/event",
      num(r.dynamoRequestsPerEvent, 2),
      Object.entries(r.dynamoRequests)
        .map(([k, v]) => `${k} ${v}`)
        .join(", "),
    ],
    ["split / merged incidents", `${r.splitIncidents} / ${r.mergedIncidents}`, ""],
    ["unassigned ALARM events", num(r.unassignedAlarmEvents), ""],
    ["rejected or failed events", num(r.rejected), ""],
    [
      "flapping detected",
      `${r.flapping.detected} / ${r.flapping.trueFlapping}`,
      `${r.flapping.detectedWithinWindow} / ${r.flapping.withinWindow} whose whole ALARM-OK-ALARM fits the window; ` +
        `${r.flapping.flaggedWithoutTrueFlap} flagged without a flap`,
    ],
    ["resolved by OK at the end", `${r.resolvedAtEnd.resolved} / ${r.resolvedAtEnd.incidents}`, ""],
    ["context events placed right", `${r.context.correct} / ${r.context.events}`, ""],
    ["wall time", `${r.wallSeconds.toFixed(1)} s`, ""],
  ];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => row[i]?.length ?? 0)));
  const line = ([a, b, c]: [string, string, string]) =>
    `${a.padEnd(widths[0] ?? 0)}  ${b.padStart(widths[1] ?? 0)}  ${c}`.trimEnd();
  console.log(`\nIntake storm benchmark (seed ${r.seed})\n`);
  console.log(line(["metric", "value", "note"]));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  const kinds = Object.entries(r.decisions)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${k} ${v}`);
  console.log(`\ndecisions: ${kinds.join(", ")}`);
  if (r.errors.length > 0) console.log(`errors (first ${r.errors.length}):\n  ${r.errors.join("\n  ")}`);
  console.log(
    `\n${r.pass ? "PASS" : "FAIL"}: F1 >= ${TARGETS.f1} and noise reduction >= ${pct(TARGETS.noiseReduction)}`,
  );
}

async function main() {
  const program = new Command("bench:intake")
    .description("Alarm-storm benchmark for intake on dynalite")
    .option("--seed <n>", "storm seed", positiveInt, DEFAULT_STORM.seed)
    .option("--events <n>", "deliveries to generate (duplicates included)", positiveInt, DEFAULT_STORM.events)
    .option(
      "--incidents <n>",
      "true multi-alarm incidents (noise comes on top)",
      positiveInt,
      DEFAULT_STORM.incidents,
    )
    .option("--services <n>", "services in the simulated estate", positiveInt, DEFAULT_STORM.services)
    .option("--hours <n>", "virtual timeline length", positiveInt, DEFAULT_STORM.hours)
    .option("--concurrency <n>", "events of one virtual minute processed at once", positiveInt, 8)
    .option("--json <file>", "write the results as JSON")
    .option("--check", "exit 1 when a target is missed")
    .parse();
  const opts = program.opts<{
    seed: number;
    events: number;
    incidents: number;
    services: number;
    hours: number;
    concurrency: number;
    json?: string;
    check?: boolean;
  }>();

  const storm = generateStorm({
    seed: opts.seed,
    events: opts.events,
    incidents: opts.incidents,
    services: opts.services,
    hours: opts.hours,
  });
  log(
    `storm: ${storm.events.length} events, ${storm.incidents.length} true incidents (incl. noise), ` +
      `${storm.services.length} services, ${((storm.endMs - storm.startMs) / 3_600_000).toFixed(1)} virtual hours`,
  );
  const memory = measureInMemory(storm);
  log(`in memory: ${Math.round(memory.eventsPerSecond)} events/s (parse + normalise + fingerprint)`);
  if (memory.failures > 0) log(`warning: ${memory.failures} generated events did not parse`);

  let lastReport = 0;
  const run = await runOnDynalite(storm, {
    concurrency: opts.concurrency,
    onProgress: (done, total, ms) => {
      if (done !== total && ms - lastReport < 2000) return;
      lastReport = ms;
      log(`intake: ${done}/${total} events, ${Math.round(done / (ms / 1000))} events/s`);
    },
  });
  const result = scoreRun(storm, run, memory.eventsPerSecond, opts.concurrency);
  printTable(result);
  if (opts.json) {
    await writeFile(opts.json, `${JSON.stringify(result, null, 2)}\n`);
    log(`wrote ${opts.json}`);
  }
  if (opts.check && !result.pass) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 2;
});
