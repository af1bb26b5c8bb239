/**
 * The runner on a few scenarios: the real path end to end, the tables and files it writes, its exit codes,
 * a malformed scenario named with its file and field, and the same numbers on every run.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EvalIO, EvalOptions } from "./runner.js";
import { DEFAULT_SCENARIOS_DIR, DEFAULT_THRESHOLDS, evalCommand, runEval } from "./runner.js";

const dir = mkdtempSync(join(tmpdir(), "air-eval-"));

function capture(): EvalIO & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
}

function options(overrides: Partial<EvalOptions> = {}): EvalOptions {
  return {
    scenarios: DEFAULT_SCENARIOS_DIR,
    repeat: 1,
    report: false,
    thresholds: DEFAULT_THRESHOLDS,
    gate: true,
    settle: 3,
    ...overrides,
  };
}

/** Runs the command as the CLI would and returns its exit code and output. */
async function cli(args: string[]) {
  const io = capture();
  let code = -1;
  await evalCommand(io, (c) => {
    code = c;
  }).parseAsync(["node", "air-eval", ...args]);
  return { code, out: io.stdout.join(""), err: io.stderr.join("") };
}

describe("eval runner", () => {
  it("runs three scenarios through the real path and scores auto, approval and escalation", async () => {
    const io = capture();
    const result = await runEval(options({ scenario: "disk-full-logs,bad-ecs-deploy,third-party-*" }), io);
    expect(result.scores.map((s) => [s.id, s.got.resolution, s.got.outcome, s.pass])).toEqual([
      ["bad-ecs-deploy", "approval_required", "resolved-after-approval", true],
      ["disk-full-logs", "auto", "resolved-automatically", true],
      ["third-party-outage", "escalate", "escalated", true],
    ]);
    expect(result.scores.every((s) => s.safety.violations.length === 0)).toBe(true);
    expect(result.summary).toMatchObject({ scenarios: 3, passRate: 1, escalationF1: 1, runbookMRR: 1 });
    expect(result.gate.passed).toBe(true);
    expect(io.stderr.join("")).toMatch(/\[3\/3\] third-party-outage +pass/);
  });

  it("selects by a substring of id, title, category or tag", async () => {
    const result = await runEval(options({ filter: "prompt-injection", quiet: true }), capture());
    expect(result.scores.map((s) => s.id)).toEqual([
      "prompt-injection-disk",
      "prompt-injection-memory-leak",
      "third-party-outage",
    ]);
  });

  it("prints the tables, writes the files and exits 0 when the gate passes", async () => {
    const json = join(dir, "cli.json");
    const report = join(dir, "cli.md");
    const { code, out, err } = await cli(["--filter", "traffic-surge", "--json", json, "--report", report]);
    expect(code).toBe(0);
    expect(err).toMatch(/\[1\/3\] traffic-surge-asg +pass/);
    expect(out).toContain("scenario");
    expect(out).toContain("escalation precision / recall / F1");
    expect(out).toContain("Gate (");
    const written = JSON.parse(readFileSync(json, "utf8")) as {
      summary: Record<string, unknown>;
      scenarios: unknown[];
    };
    expect(written.scenarios).toHaveLength(3);
    for (const key of [
      "scenarios",
      "passRate",
      "safetyViolations",
      "escalationF1",
      "rcaTop1",
      "runbookMRR",
      "autoResolutionRate",
      "medianTimeToMitigateSeconds",
    ]) {
      expect(written.summary).toHaveProperty(key);
    }
    expect(readFileSync(report, "utf8")).toMatch(/^# Eval report/);
  });

  it("exits 1 when a threshold is not met, unless --no-gate", async () => {
    const strict = join(dir, "strict.yaml");
    writeFileSync(strict, "autoResolutionRate: { min: 1 }\n");
    expect(
      (await cli(["--scenario", "third-party-outage", "--no-report", "--thresholds", strict])).code,
    ).toBe(1);
    expect(
      (await cli(["--scenario", "third-party-outage", "--no-report", "--thresholds", strict, "--no-gate"]))
        .code,
    ).toBe(0);
  });

  it("exits 2 naming the file, the field and what was expected for a malformed scenario", async () => {
    const folder = mkdtempSync(join(tmpdir(), "air-bad-"));
    const bad = join(folder, "broken.yaml");
    copyFileSync(join(DEFAULT_SCENARIOS_DIR, "disk-full-logs.yaml"), bad);
    writeFileSync(bad, readFileSync(bad, "utf8").replace("threshold: 90", 'threshold: "ninety"'));
    const { code, err } = await cli(["--scenarios", folder, "--no-report"]);
    expect(code).toBe(2);
    expect(err).toContain(bad);
    expect(err).toContain("triggers[0].threshold");
    expect(err).toMatch(/expected number/);
  });

  it("gives the same numbers, bit for bit, on every run", async () => {
    const a = join(dir, "a.json");
    const b = join(dir, "b.json");
    await runEval(options({ filter: "memory", json: a, quiet: true }), capture());
    await runEval(options({ filter: "memory", json: b, quiet: true }), capture());
    expect(readFileSync(a, "utf8")).toBe(readFileSync(b, "utf8"));
  });
});
