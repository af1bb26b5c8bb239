import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { formatPath, parseRunbook, RunbookParseError, splitFrontMatter } from "./front-matter.js";

const VALID = `---
id: sample
title: Sample runbook
services: [checkout]
category: memory
signals:
  alarms:
    - { namespace: CWAgent, metric: mem_used_percent }
  logPatterns: ["OutOfMemoryError", "/heap (space|limit)/"]
  resourceTypes: [ec2-instance]
actions:
  - actionId: ec2-restart-instance
    params: { InstanceId: "{{target.id}}" }
verification: memory back under 80%
escalation: { team: app-oncall }
---
# Body
## Symptoms
text
`;

function errorOf(text: string): RunbookParseError {
  try {
    parseRunbook(text, "knowledge/runbooks/x.md", "built-in");
  } catch (error) {
    if (error instanceof RunbookParseError) return error;
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("parseRunbook", () => {
  it("parses a valid runbook with defaults", () => {
    const runbook = parseRunbook(VALID, "knowledge/runbooks/x.md", "built-in");
    expect(runbook.id).toBe("sample");
    expect(runbook.services).toEqual(["checkout"]);
    expect(runbook.signals.alarms[0]).toEqual({ namespace: "CWAgent", metric: "mem_used_percent" });
    expect(runbook.actions[0]?.params).toEqual({ InstanceId: "{{target.id}}" });
    expect(runbook.tags).toEqual([]);
    expect(runbook.body.startsWith("# Body")).toBe(true);
    expect(runbook.source).toBe("built-in");
  });

  it("names the file and the field of a wrong type", () => {
    const error = errorOf(VALID.replace("metric: mem_used_percent", "metric: 42"));
    expect(error.message).toBe(
      'knowledge/runbooks/x.md: front matter field "signals.alarms[0].metric": expected string, received number',
    );
    expect(error.problems[0]?.field).toBe("signals.alarms[0].metric");
  });

  it("reports a missing required field", () => {
    const error = errorOf(VALID.replace("verification: memory back under 80%\n", ""));
    expect(error.message).toContain('front matter field "verification"');
  });

  it("rejects an unknown category with the allowed values", () => {
    const error = errorOf(VALID.replace("category: memory", "category: mem"));
    expect(error.message).toContain('"category"');
    expect(error.message).toContain('"memory"');
  });

  it("rejects unknown keys, so typos are caught", () => {
    const error = errorOf(VALID.replace("signals:", "signal: {}\nsignals:"));
    expect(error.message).toContain('front matter field "signal": unknown field');
  });

  it("rejects an invalid regular expression in logPatterns", () => {
    const error = errorOf(VALID.replace('"/heap (space|limit)/"', '"/heap (space/"'));
    expect(error.problems[0]?.field).toBe("signals.logPatterns[1]");
    expect(error.message).toContain("invalid regular expression");
  });

  it("explains services must be '*' or a list", () => {
    const error = errorOf(VALID.replace("services: [checkout]", "services: checkout"));
    expect(error.message).toContain('"services": expected "*" (any service) or a non-empty list');
  });

  it("reports a file without front matter", () => {
    expect(errorOf("# Just markdown\n").message).toBe(
      "knowledge/runbooks/x.md: no front matter: the file must start with a '---' line, then YAML, then '---'",
    );
  });

  it("reports YAML syntax errors", () => {
    const error = errorOf("---\nid: [unclosed\n---\nbody\n");
    expect(error.message).toMatch(/^knowledge\/runbooks\/x\.md: front matter is not valid YAML/);
  });
});

describe("helpers", () => {
  it("formats paths with indices", () => {
    expect(formatPath(["signals", "alarms", 0, "metric"])).toBe("signals.alarms[0].metric");
    expect(formatPath([])).toBe("");
  });

  it("splits front matter and handles CRLF", () => {
    expect(splitFrontMatter("---\r\nid: a\r\n---\r\nbody")).toEqual({ yaml: "id: a", body: "body" });
    expect(splitFrontMatter("no fence")).toBeUndefined();
  });
});

describe("knowledge/README.md", () => {
  it("documents a runbook example that parses and lints", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const example = /```text\n(---\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const runbook = parseRunbook(example ?? "", "README example", "organisation");
    expect(runbook.id).toBe("disk-full-logs");
    expect(runbook.actions[0]?.actionId).toBe("ec2-cleanup-rotated-logs");
  });
});
