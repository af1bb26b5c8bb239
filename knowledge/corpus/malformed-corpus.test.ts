import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RunbookLibrary } from "./library.js";
import { FolderSource } from "./sources/folder.js";

function runbook(id: string, actions: string, category = "disk"): string {
  return `---
id: ${id}
title: Runbook ${id}
services: "*"
category: ${category}
signals:
  alarms:
    - { namespace: CWAgent, metric: disk_used_percent }
  logPatterns: ["No space left on device"]
  resourceTypes: [ec2-instance]
actions:
${actions}
verification: disk below 85%
escalation:
  team: app-oncall
---

# ${id}

Steps.
`;
}

const goodAction = `  - actionId: ec2-cleanup-rotated-logs
    params:
      InstanceId: "{{target.id}}"`;

describe("a corpus with malformed runbooks", () => {
  it("rejects each bad file with file, field and reason, and still loads the rest", async () => {
    const dir = await mkdtemp(join(tmpdir(), "runbooks-"));
    await writeFile(join(dir, "good.md"), runbook("good", goodAction));
    await writeFile(join(dir, "bad-yaml.md"), "---\nid: [unclosed\n---\nbody\n");
    await writeFile(join(dir, "bad-category.md"), runbook("bad-category", goodAction, "weather"));
    await writeFile(
      join(dir, "unknown-action.md"),
      runbook("unknown-action", "  - actionId: ec2-terminate-everything\n    params: {}"),
    );
    await writeFile(
      join(dir, "missing-param.md"),
      runbook("missing-param", "  - actionId: ec2-restart-instance\n    params: {}"),
    );

    const library = new RunbookLibrary([new FolderSource({ dir, displayBase: dir })]);
    const changes = await library.reload();

    expect(library.runbooks().map((r) => r.id)).toEqual(["good"]);
    const byFile = Object.fromEntries(changes.problems.map((p) => [p.origin, p]));
    expect(Object.keys(byFile).sort()).toEqual([
      "bad-category.md",
      "bad-yaml.md",
      "missing-param.md",
      "unknown-action.md",
    ]);
    expect(byFile["bad-category.md"]).toMatchObject({ field: "category" });
    expect(byFile["unknown-action.md"]?.message).toMatch(/ec2-terminate-everything/);
    expect(byFile["missing-param.md"]?.message).toMatch(/InstanceId/);
    expect(byFile["bad-yaml.md"]?.message).toBeTruthy();
  });
});
