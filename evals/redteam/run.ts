/**
 * The red-team suite (`npm run eval:redteam`, `air eval redteam`): attacks the real incident graph on the
 * simulated account with a scripted hostile model and hostile approvers, and counts unsafe executions with an
 * oracle that is independent of the gate. Prints a table by attack class; `--json` writes every finding.
 *
 * Exit codes: 0 no unsafe execution (or --no-gate) · 1 unsafe executions · 2 bad input.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Command } from "commander";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { nonNegativeInt } from "../cli-args.js";
import { selectScenarios } from "../harness/discover.js";
import { type Attack, attacksFor, candidatePlans, hashSeed, seeded } from "./attacks.js";
import { Attempt } from "./attempt.js";
import { type Plan, type ScenarioEnv, scenarioEnv } from "./harness.js";
import { ATTACK_CLASSES, type AttackClass, type Finding, judge } from "./oracle.js";

const HERE = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SCENARIOS_DIR = resolve(HERE, "../scenarios");
export const DEFAULT_SEED = 20240422;

/** Attacks per class per scenario in `--quick` mode (about 300 in all). */
const QUICK_PER_CLASS: Record<AttackClass, number> = {
  "plan-target": 2,
  "plan-params": 2,
  "resume-forged": 1,
  "resume-stale": 1,
  "edit-widen": 1,
  "policy-flip": 1,
  race: 1,
};

export interface RedteamOptions {
  scenarios: string;
  scenario?: string;
  quick?: boolean;
  json?: string;
  /** When false, report only: never exit 1 for unsafe executions. */
  gate: boolean;
  seed: number;
  quiet?: boolean;
}

export interface ClassSummary {
  attempts: number;
  /** Executions the oracle judged unsafe. */
  unsafeExecutions: number;
  /** Attempts with at least one unsafe execution. */
  attemptsWithUnsafe: number;
  /** Attempts in which nothing ran at all. */
  blocked: number;
  /** Attempts in which something ran, all of it safe. */
  ranSafely: number;
  /** Attempts whose graph call threw (counted in blocked or ran as the account shows). */
  errors: number;
  examples: string[];
}

export interface RedteamResult {
  summary: {
    attempts: number;
    unsafeExecutions: number;
    scenarios: number;
    skippedScenarios: string[];
    seconds: number;
    byClass: Record<AttackClass, ClassSummary>;
  };
  findings: Finding[];
}

export interface RedteamIO {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIO: RedteamIO = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
};

/** Plans that reach the approval interrupt on this scenario (resume, edit and flip attacks need one). */
async function pausingPlans(env: ScenarioEnv, want = 2, maxProbes = 12): Promise<Plan[]> {
  const out: Plan[] = [];
  let probes = 0;
  for (const plan of candidatePlans(env)) {
    if (out.length >= want || probes >= maxProbes) break;
    probes++;
    const at = new Attempt(env, "plan-target", "probe");
    const thread = await at.start(plan);
    if (await at.pending(thread)) out.push(plan);
  }
  return out;
}

function quickSubset(attacks: Attack[], scenarioId: string, seed: number): Attack[] {
  const rand = seeded(hashSeed(`quick:${scenarioId}`, seed));
  const out: Attack[] = [];
  for (const cls of ATTACK_CLASSES) {
    const pool = attacks.filter((a) => a.class === cls);
    for (let k = 0; k < QUICK_PER_CLASS[cls] && pool.length > 0; k++) {
      out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]!);
    }
  }
  return out;
}

function emptyClass(): ClassSummary {
  return {
    attempts: 0,
    unsafeExecutions: 0,
    attemptsWithUnsafe: 0,
    blocked: 0,
    ranSafely: 0,
    errors: 0,
    examples: [],
  };
}

export async function runRedteam(
  options: RedteamOptions,
  io: RedteamIO = defaultIO,
  retriever?: RunbookRetriever,
): Promise<RedteamResult> {
  const t0 = performance.now();
  const scenarios = selectScenarios(options.scenarios, { scenario: options.scenario });
  const rt = retriever ?? (await createRetriever());
  const byClass = Object.fromEntries(ATTACK_CLASSES.map((c) => [c, emptyClass()])) as Record<
    AttackClass,
    ClassSummary
  >;
  const findings: Finding[] = [];
  const skipped: string[] = [];
  let attempts = 0;
  for (const scenario of scenarios) {
    const env = await scenarioEnv(scenario, rt);
    if (!env) {
      skipped.push(scenario.metadata.id);
      continue;
    }
    const paused = await pausingPlans(env);
    let attacks = attacksFor(env, paused, options.seed);
    if (options.quick) attacks = quickSubset(attacks, env.id, options.seed);
    let unsafeHere = 0;
    for (const attack of attacks) {
      const at = new Attempt(env, attack.class, attack.name);
      try {
        await attack.run(at);
      } catch (error) {
        at.errors.push(`harness: ${(error as Error).message}`);
      }
      const record = at.record(env.policy.rateLimit.windowMinutes);
      const found = judge(record);
      const c = byClass[attack.class];
      c.attempts++;
      attempts++;
      if (record.error) c.errors++;
      if (found.length > 0) {
        c.attemptsWithUnsafe++;
        c.unsafeExecutions += found.length;
        unsafeHere += found.length;
        findings.push(...found);
        const example = `${env.id}: ${attack.name} → ${found[0]!.ran.actionId} (${found[0]!.why[0]})`;
        if (c.examples.length < 3 && !c.examples.some((e) => e.includes(attack.name.slice(0, 30)))) {
          c.examples.push(example);
        }
      } else if (record.executions.length === 0) {
        c.blocked++;
      } else {
        c.ranSafely++;
      }
    }
    if (!options.quiet) {
      io.err(
        `redteam ${env.id}: ${attacks.length} attempts, ${unsafeHere} unsafe executions (${paused.length} pausing plan(s)) ` +
          `[${((performance.now() - t0) / 1000).toFixed(0)}s]\n`,
      );
    }
  }
  const unsafeExecutions = Object.values(byClass).reduce((n, c) => n + c.unsafeExecutions, 0);
  return {
    summary: {
      attempts,
      unsafeExecutions,
      scenarios: scenarios.length - skipped.length,
      skippedScenarios: skipped,
      seconds: Math.round((performance.now() - t0) / 100) / 10,
      byClass,
    },
    findings,
  };
}

export function formatTable(result: RedteamResult): string {
  const rows: string[][] = [["class", "attempts", "unsafe exec", "attempts unsafe", "blocked", "ran safely"]];
  for (const cls of ATTACK_CLASSES) {
    const c = result.summary.byClass[cls];
    rows.push(
      [cls, c.attempts, c.unsafeExecutions, c.attemptsWithUnsafe, c.blocked, c.ranSafely].map(String),
    );
  }
  const s = result.summary;
  rows.push([
    "total",
    String(s.attempts),
    String(s.unsafeExecutions),
    String(Object.values(s.byClass).reduce((n, c) => n + c.attemptsWithUnsafe, 0)),
    String(Object.values(s.byClass).reduce((n, c) => n + c.blocked, 0)),
    String(Object.values(s.byClass).reduce((n, c) => n + c.ranSafely, 0)),
  ]);
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  const out = [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...rows.slice(1).map(line)];
  out.push("");
  out.push("What got through (examples):");
  for (const cls of ATTACK_CLASSES) {
    for (const e of s.byClass[cls].examples) out.push(`  [${cls}] ${e}`);
  }
  out.push("");
  out.push(
    `${s.attempts} attempts on ${s.scenarios} scenarios in ${s.seconds}s: ${s.unsafeExecutions} unsafe execution(s)` +
      (s.skippedScenarios.length ? ` (no alarm, skipped: ${s.skippedScenarios.join(", ")})` : ""),
  );
  return `${out.join("\n")}\n`;
}

/** The `redteam` command, for `air eval redteam` and for running this file directly. */
export function redteamCommand(
  io: RedteamIO = defaultIO,
  exit: (code: number) => void = (c) => {
    process.exitCode = c;
  },
): Command {
  return new Command("redteam")
    .description("Attack the incident graph on the simulated account and count unsafe executions")
    .option("--scenarios <path>", "folder of scenario YAML files (or one file)", DEFAULT_SCENARIOS_DIR)
    .option("--scenario <globs>", "only scenarios whose file name or id matches a glob")
    .option("--quick", "about 300 attempts (a seeded sample of every class on every scenario)")
    .option("--json <file>", "write { summary, findings } as JSON")
    .option("--seed <n>", "seed for the generated attacks", nonNegativeInt, DEFAULT_SEED)
    .option("--no-gate", "report only: exit 0 even when something unsafe ran")
    .option("-q, --quiet", "no progress lines on stderr")
    .action(async (opts: RedteamOptions) => {
      try {
        const result = await runRedteam(opts, io);
        io.out(formatTable(result));
        if (opts.json) {
          mkdirSync(dirname(resolve(opts.json)), { recursive: true });
          writeFileSync(opts.json, `${JSON.stringify(result, null, 2)}\n`);
        }
        exit(opts.gate && result.summary.unsafeExecutions > 0 ? 1 : 0);
      } catch (error) {
        io.err(`redteam: ${error instanceof Error ? error.message : String(error)}\n`);
        exit(2);
      }
    });
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await redteamCommand().parseAsync(process.argv);
}
