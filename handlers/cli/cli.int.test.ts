import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const MAIN = new URL("./main.ts", import.meta.url).pathname;
const TSX = new URL("../../node_modules/.bin/tsx", import.meta.url).pathname;

async function air(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(TSX, [MAIN, ...args], {
      env: { ...process.env, NO_COLOR: "1", ...env },
      timeout: 120_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("air CLI", () => {
  it("runbooks search: people's words find the runbook; an unrelated query gets nothing and a hint", async () => {
    const disk = await air(["runbooks", "search", "disk full"]);
    expect(disk.stdout.split("\n")[0]).toMatch(/^1\.00 disk-full-(logs|data-growth) /);
    const memory = await air(["runbooks", "search", "memory", "leak"]);
    expect(memory.stdout.split("\n")[0]).toMatch(/^1\.00 ec2-memory-leak /);
    const lunch = await air(["runbooks", "search", "how do I order lunch for the team"]);
    expect(lunch.stdout).toMatch(/^nothing relevant\ntry a short symptom phrase/);
  });

  it("demo: three incidents end fixed automatically, fixed after approval, escalated, each with a report", async () => {
    const out = await mkdtemp(join(tmpdir(), "air-demo-"));
    const result = await air(["demo", "--approve", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/disk-full-logs\s+resolved-automatically/);
    expect(result.stdout).toMatch(/bad-ecs-deploy\s+resolved-after-approval/);
    expect(result.stdout).toMatch(/third-party-outage\s+escalated/);
    const reports = await readdir(out);
    expect(reports.filter((f) => f.endsWith(".md"))).toHaveLength(3);
    const report = await readFile(join(out, reports.find((f) => f.startsWith("bad-ecs-deploy"))!), "utf8");
    for (const heading of [
      "## Root cause and evidence",
      "## Decision",
      "## Approvals",
      "## Actions",
      "## Verification",
      "## Timeline",
    ]) {
      expect(report).toContain(heading);
    }
    expect(report).toMatch(/Time to mitigate \| \d+ min/);
  });

  it("an unknown scenario file: a clear message and exit 2", async () => {
    const result = await air(["run", "--scenario", "/nonexistent/scenario.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/scenario "\/nonexistent\/scenario.yaml" not found/);
  });

  it("a malformed event: says what and where, exit 2, nothing recorded", async () => {
    const dir = await mkdtemp(join(tmpdir(), "air-ingest-"));
    const file = join(dir, "bad.json");
    await writeFile(
      file,
      JSON.stringify({
        source: "aws.cloudwatch",
        "detail-type": "CloudWatch Alarm State Change",
        detail: {},
      }),
    );
    const result = await air(["ingest", file], { AIR_STATE_DIR: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/at \$\.\w+/);
    expect(result.stderr).toMatch(/nothing was recorded/);
  });

  it("an unknown action id in a resume: refused before anything runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "air-state-"));
    const result = await air(["approve", "whatever", "--edit", "ec2-terminate-all", "--params", "{}"], {
      AIR_STATE_DIR: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown action "ec2-terminate-all"/);
    expect(result.stderr).toMatch(/ecs-rollback-service/);
  });

  it("approve as someone you are not: refused with who you are, nothing runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "air-state-"));
    const result = await air(["approve", "whatever", "--as", "the-cto-not-me"], { AIR_STATE_DIR: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--as the-cto-not-me is not who is running this command \(os-user:/);
  });
});
