import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatLintProblem, lintAwsCatalogue, lintRunbooks } from "./lint.js";
import { AWS_CATALOGUE_PATH, BUILT_IN_RUNBOOKS_DIR } from "./paths.js";

const BODY = "## Symptoms\nx\n## Diagnosis\nx\n## Remediation\nx\n## Verification\nx\n## Escalation\nx\n";

function runbook(id: string, actions: string): string {
  return `---
id: ${id}
title: Test ${id}
services: "*"
category: disk
signals:
  alarms: [{ namespace: CWAgent, metric: disk_used_percent }]
  resourceTypes: [ec2-instance]
actions:
${actions}
verification: disk below 85%
escalation: { team: app-oncall }
aliases: [disk full]
---
${BODY}`;
}

describe("lintRunbooks", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "air-lint-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("warns when a runbook has no aliases and no symptoms, or repeats one", async () => {
    const plain = runbook("plain", "  []").replace("aliases: [disk full]\n", "");
    await writeFile(join(dir, "plain.md"), plain);
    await writeFile(
      join(dir, "twice.md"),
      runbook("twice", "  []").replace("aliases: [disk full]", "aliases: [disk full, Disk Full]"),
    );
    const problems = (await lintRunbooks(dir)).map(formatLintProblem);
    expect(problems).toContainEqual(expect.stringMatching(/plain\.md: aliases: no aliases and no symptoms/));
    expect(problems).toContainEqual(
      expect.stringMatching(/twice\.md: aliases\[1\]: "Disk Full" is listed twice/),
    );
  });

  it("finds nothing wrong with the built-in corpus", async () => {
    const problems = await lintRunbooks(fileURLToPath(BUILT_IN_RUNBOOKS_DIR));
    expect(problems.map(formatLintProblem)).toEqual([]);
  });

  it("finds nothing wrong with the AWS document catalogue", async () => {
    expect(await lintAwsCatalogue(fileURLToPath(AWS_CATALOGUE_PATH))).toEqual([]);
  });

  it("accepts a correct runbook", async () => {
    await writeFile(
      join(dir, "ok.md"),
      runbook("ok", '  - actionId: ec2-cleanup-rotated-logs\n    params: { InstanceId: "{{target.id}}" }'),
    );
    expect(await lintRunbooks(dir)).toEqual([]);
  });

  it("reports unknown action ids", async () => {
    await writeFile(join(dir, "a.md"), runbook("a", "  - actionId: ec2-format-disk\n    params: {}"));
    const [problem] = await lintRunbooks(dir);
    expect(problem).toMatchObject({ severity: "error", field: "actions[0].actionId" });
    expect(problem?.message).toContain('"ec2-format-disk" is not in the action catalogue');
  });

  it("reports parameters the action does not take and required ones that are missing", async () => {
    await writeFile(
      join(dir, "p.md"),
      runbook("p", '  - actionId: ec2-restart-instance\n    params: { Instance: "{{target.id}}" }'),
    );
    const messages = (await lintRunbooks(dir)).map(formatLintProblem);
    expect(messages).toContain(
      `error ${join(dir, "p.md")}: actions[0].params.Instance: ec2-restart-instance takes no parameter "Instance" (it takes InstanceId)`,
    );
    expect(messages.some((m) => m.includes('missing required parameter "InstanceId"'))).toBe(true);
  });

  it("reports malformed templates", async () => {
    await writeFile(
      join(dir, "t.md"),
      runbook("t", '  - actionId: ec2-restart-instance\n    params: { InstanceId: "{{instance.id}}" }'),
    );
    const [problem] = await lintRunbooks(dir);
    expect(problem?.field).toBe("actions[0].params.InstanceId");
    expect(problem?.message).toContain("is not a known value");
  });

  it("reports duplicate ids across files", async () => {
    await writeFile(join(dir, "one.md"), runbook("same", "  []"));
    await writeFile(join(dir, "two.md"), runbook("same", "  []"));
    const problems = await lintRunbooks(dir);
    expect(problems).toHaveLength(1);
    expect(formatLintProblem(problems[0]!)).toBe(
      `error ${join(dir, "two.md")}: id: duplicate id "same" (also in ${join(dir, "one.md")})`,
    );
  });

  it("reports invalid front matter by field", async () => {
    await writeFile(join(dir, "bad.md"), runbook("bad", "  []").replace("category: disk", "category: 7"));
    const [problem] = await lintRunbooks(dir);
    expect(problem).toMatchObject({ severity: "error", field: "category" });
  });

  it("warns about missing sections and missing signals", async () => {
    const text = runbook("w", "  []")
      .replace("## Escalation\nx\n", "")
      .replace("  alarms: [{ namespace: CWAgent, metric: disk_used_percent }]\n", "");
    await writeFile(join(dir, "w.md"), text);
    const problems = await lintRunbooks(dir);
    expect(problems.every((p) => p.severity === "warning")).toBe(true);
    expect(problems.map((p) => p.message).join("\n")).toContain('"## Escalation"');
    expect(problems.some((p) => p.field === "signals")).toBe(true);
  });

  it("reports a missing folder", async () => {
    const [problem] = await lintRunbooks(join(dir, "nope"));
    expect(problem?.message).toContain("cannot read folder");
  });
});
