/**
 * A quick variant run through the real runner: two variants of three scenarios, the per-scenario table,
 * the summary over every variant run, the variant gate, JSON with replay commands, and one variant
 * replayed alone giving the same verdict.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { EvalIO, EvalOptions } from "../runner.js";
import { DEFAULT_SCENARIOS_DIR, DEFAULT_THRESHOLDS, runEval } from "../runner.js";

const dir = mkdtempSync(join(tmpdir(), "air-variants-"));

function capture(): EvalIO & { stdout: string[] } {
  const stdout: string[] = [];
  return { stdout, out: (t) => stdout.push(t), err: () => {} };
}

function options(overrides: Partial<EvalOptions>): EvalOptions {
  return {
    scenarios: DEFAULT_SCENARIOS_DIR,
    scenario: "disk-full-logs,bad-ecs-deploy,third-party-outage",
    repeat: 1,
    report: false,
    thresholds: DEFAULT_THRESHOLDS,
    gate: true,
    settle: 3,
    quiet: true,
    ...overrides,
  };
}

describe("eval --variants", () => {
  it("runs every selected scenario as N variants, reports per scenario and replays one alone", async () => {
    const json = join(dir, "variants.json");
    const io = capture();
    const result = await runEval(options({ variants: 2, seed: 5, json }), io);
    expect(result.summary.runs).toBe(6);
    expect(result.scores.map((s) => s.variant)).toEqual([
      { index: 1, seed: 5 },
      { index: 2, seed: 5 },
      { index: 1, seed: 5 },
      { index: 2, seed: 5 },
      { index: 1, seed: 5 },
      { index: 2, seed: 5 },
    ]);
    expect(result.summary.decisionGrade).toBeGreaterThan(0);
    const out = io.stdout.join("");
    expect(out).toMatch(/Variants: 2 per scenario, seed 5 \(6 runs\)/);
    expect(out).toMatch(/thresholds-variants\.yaml/);
    const written = JSON.parse(readFileSync(json, "utf8"));
    expect(written.variants).toMatchObject({ perScenario: 2, seed: 5, runs: 6 });
    expect(written.byScenario).toHaveLength(3);
    expect(written.variantInfo).toHaveLength(6);

    const one = await runEval(options({ scenario: "third-party-outage", variant: 2, seed: 5 }), capture());
    const again = result.scores.find((s) => s.id === "third-party-outage" && s.variant?.index === 2);
    expect(one.scores).toHaveLength(1);
    expect(JSON.stringify(one.scores[0])).toBe(JSON.stringify(again));
  });

  it("refuses --repeat with variants, with a clear message", async () => {
    await expect(runEval(options({ variants: 2, repeat: 2 }), capture())).rejects.toThrow(
      /--repeat cannot be combined with --variants/,
    );
  });
});
