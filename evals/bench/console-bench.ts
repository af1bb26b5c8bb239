/**
 * Console load time with a big local store. Plays a few real scenarios with `air run --defer` into a
 * temporary store, then copies their final checkpoints (and pending approval requests) under N incident
 * ids spread over 30 days, through the real DynamoDB saver, indexes them in runs.json, and times the
 * console's pages over HTTP: the first load (every checkpoint read), a warm reload, the overview, one
 * incident, the JSON list.
 *
 *   npm run bench:console -- [--incidents 1000] [--json out.json]
 *
 * dynalite runs in the console's process, so the cold numbers include the emulator's CPU.
 */
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

import { execFile } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Checkpoint } from "@langchain/langgraph-checkpoint";
import { Command } from "commander";
import { LocalConsoleStore } from "../../handlers/console/local-store.js";
import { startConsole } from "../../handlers/console/serve.js";
import { configFromEnv } from "../../handlers/runtime/config.js";
import { openPersistence } from "../../handlers/runtime/persistence.js";
import { positiveInt } from "../cli-args.js";

const run = promisify(execFile);
const MAIN = new URL("../../handlers/cli/main.ts", import.meta.url).pathname;
const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;
const SEEDS = ["disk-full-logs", "bad-ecs-deploy", "third-party-outage", "traffic-surge-asg"];
const log = (msg: string) => process.stderr.write(`${msg}\n`);

/** Copies the seed runs' last checkpoints under `count` new incident ids (through the real saver). */
async function seedStore(dir: string, count: number, withoutSummaries: boolean): Promise<string[]> {
  for (const scenario of SEEDS)
    await run(TSX, [MAIN, "run", "--scenario", scenario, "--defer", "--out", join(dir, "runs")], {
      env: { ...process.env, NO_COLOR: "1", AIR_STATE_DIR: dir },
      timeout: 120_000,
    });
  const runsFile = join(dir, "runs.json");
  const runs = JSON.parse(await readFile(runsFile, "utf8")) as Record<
    string,
    { scenarioPath: string; minute: number; savedAt: string; summary?: { id: string; openedAt: string } }
  >;
  const persistence = await openPersistence(configFromEnv(), dir);
  const ids: string[] = [];
  try {
    const seeds = [];
    for (const id of Object.keys(runs)) {
      const tuple = await persistence.saver.getTuple({ configurable: { thread_id: id, checkpoint_ns: "" } });
      if (tuple) seeds.push({ id, tuple });
    }
    for (let i = 0; i < count; i++) {
      const { id: seedId, tuple } = seeds[i % seeds.length]!;
      const id = `bench-${String(i).padStart(5, "0")}-${seedId}`;
      const values = tuple.checkpoint.channel_values as { incident: { id: string; openedAt: string } };
      const openedAt = new Date(Date.parse(values.incident.openedAt) - (i % 30) * 86_400_000).toISOString();
      const checkpoint: Checkpoint = {
        ...tuple.checkpoint,
        channel_values: {
          ...tuple.checkpoint.channel_values,
          incident: { ...values.incident, id, openedAt },
        },
      };
      const config = await persistence.saver.put(
        { configurable: { thread_id: id, checkpoint_ns: "" } },
        checkpoint,
        tuple.metadata ?? { source: "update", step: 0, parents: {} },
        checkpoint.channel_versions,
      );
      const writes = (tuple.pendingWrites ?? []).filter(([, channel]) => channel === "__interrupt__");
      if (writes.length)
        await persistence.saver.putWrites(
          config,
          writes.map(([, c, v]) => [c, v]),
          writes[0]![0],
        );
      const seedRun = runs[seedId]!;
      runs[id] = {
        ...seedRun,
        ...(seedRun.summary && !withoutSummaries ? { summary: { ...seedRun.summary, id, openedAt } } : {}),
      };
      if (withoutSummaries) delete runs[id]!.summary;
      ids.push(id);
    }
  } finally {
    await persistence.close();
  }
  await writeFile(runsFile, JSON.stringify(runs));
  return ids;
}

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const start = performance.now();
  const response = await fetch(url);
  const body = await response.text();
  return { ms: performance.now() - start, bytes: body.length, status: response.status };
}

const program = new Command()
  .name("bench:console")
  .option("--incidents <n>", "incidents in the store", positiveInt, 1000)
  .option("--json <file>", "write the results as JSON")
  .option(
    "--without-summaries",
    "index runs without their summaries (a store from before the index had them)",
  )
  .action(async (options: { incidents: number; json?: string; withoutSummaries?: boolean }) => {
    const dir = await mkdtemp(join(tmpdir(), "air-console-bench-"));
    log(`seeding ${options.incidents} incidents into ${dir} …`);
    const seedStart = performance.now();
    const ids = await seedStore(dir, options.incidents, Boolean(options.withoutSummaries));
    const seedSeconds = (performance.now() - seedStart) / 1000;
    process.env.AIR_STATE_DIR = dir;
    const openStart = performance.now();
    const store = await LocalConsoleStore.open({ reportsDir: join(dir, "runs") });
    const openMs = performance.now() - openStart;
    const running = await startConsole(store, 0);
    try {
      const one = encodeURIComponent(ids[Math.floor(ids.length / 2)]!);
      const rows: [string, Awaited<ReturnType<typeof timed>>][] = [];
      rows.push([
        options.withoutSummaries
          ? "incidents page, first load (reads every checkpoint)"
          : "incidents page, first load (run index)",
        await timed(`${running.url}/`),
      ]);
      rows.push(["incidents page, reload", await timed(`${running.url}/`)]);
      rows.push(["incidents page, filtered", await timed(`${running.url}/?status=awaiting-approval`)]);
      rows.push(["overview page", await timed(`${running.url}/overview`)]);
      rows.push(["approvals page", await timed(`${running.url}/approvals`)]);
      rows.push(["one incident page", await timed(`${running.url}/incidents/${one}`)]);
      rows.push(["GET /api/incidents", await timed(`${running.url}/api/incidents`)]);
      const bad = rows.filter(([, r]) => r.status !== 200);
      if (bad.length) throw new Error(`pages failed: ${bad.map(([n, r]) => `${n} ${r.status}`).join(", ")}`);
      const width = Math.max(...rows.map(([n]) => n.length));
      process.stdout.write(
        `\nConsole load time, ${options.incidents} incidents in the local store${options.withoutSummaries ? " (index without summaries)" : ""} (store opened in ${openMs.toFixed(0)} ms; seeding took ${seedSeconds.toFixed(1)} s)\n\n` +
          `${"page".padEnd(width)}  ${"ms".padStart(8)}  ${"KB".padStart(8)}\n` +
          rows
            .map(
              ([n, r]) =>
                `${n.padEnd(width)}  ${r.ms.toFixed(0).padStart(8)}  ${(r.bytes / 1024).toFixed(0).padStart(8)}`,
            )
            .join("\n") +
          "\n",
      );
      if (options.json)
        await writeFile(
          options.json,
          JSON.stringify(
            {
              incidents: options.incidents,
              withoutSummaries: Boolean(options.withoutSummaries),
              storeOpenMs: openMs,
              pages: Object.fromEntries(rows.map(([n, r]) => [n, { ms: Math.round(r.ms), bytes: r.bytes }])),
            },
            null,
            2,
          ),
        );
    } finally {
      await running.close();
    }
  });

await program.parseAsync();
