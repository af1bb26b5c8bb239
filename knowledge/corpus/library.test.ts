import { mkdtemp, rm, unlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RunbookLibrary } from "./library.js";
import { FolderSource } from "./sources/folder.js";
import { StaticSource } from "./sources/static.js";

function doc(id: string, title = `Runbook ${id}`): string {
  return `---
id: ${id}
title: ${title}
services: "*"
category: disk
signals: { logPatterns: ["disk is full"] }
verification: ok
escalation: { team: ops }
---
## Symptoms
`;
}

async function write(path: string, text: string, mtime: number): Promise<void> {
  await writeFile(path, text);
  await utimes(path, mtime, mtime);
}

describe("FolderSource and RunbookLibrary", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "air-lib-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("loads a folder, then re-reads only changed files", async () => {
    await write(join(dir, "a.md"), doc("a"), 1_000);
    await write(join(dir, "b.md"), doc("b"), 1_000);
    await writeFile(join(dir, "README.md"), "# not a runbook");
    const source = new FolderSource({ dir });
    const library = new RunbookLibrary([source]);
    const first = await library.reload();
    expect(first.added.map((r) => r.id).sort()).toEqual(["a", "b"]);
    expect(library.size).toBe(2);

    const unchanged = await source.refresh();
    expect(unchanged.read).toBe(0);

    await write(join(dir, "b.md"), doc("b", "Changed title"), 2_000);
    const events: string[] = [];
    library.onChange((c) =>
      events.push(`+${c.added.length} ~${c.updated.map((r) => r.id)} -${c.removed.length}`),
    );
    const second = await library.reload();
    expect(second.updated.map((r) => r.id)).toEqual(["b"]);
    expect(library.get("b")?.title).toBe("Changed title");
    expect(events).toEqual(["+0 ~b -0"]);

    await unlink(join(dir, "a.md"));
    const third = await library.reload();
    expect(third.removed).toEqual(["a"]);
    expect(library.get("a")).toBeUndefined();
  });

  it("keeps the last good version when an edit breaks a file", async () => {
    await write(join(dir, "a.md"), doc("a"), 1_000);
    const library = new RunbookLibrary([new FolderSource({ dir })]);
    await library.reload();
    await write(join(dir, "a.md"), doc("a").replace("category: disk", "category: nope"), 2_000);
    const changes = await library.reload();
    expect(changes.problems[0]?.field).toBe("category");
    expect(changes.problems[0]?.origin).toContain("a.md");
    expect(library.get("a")?.category).toBe("disk");
  });

  it("reports duplicate ids inside one source and keeps the first", async () => {
    await write(join(dir, "a.md"), doc("same", "First"), 1_000);
    await write(join(dir, "b.md"), doc("same", "Second"), 1_000);
    const library = new RunbookLibrary([new FolderSource({ dir })]);
    const changes = await library.reload();
    expect(library.get("same")?.title).toBe("First");
    expect(changes.problems[0]?.message).toContain('duplicate runbook id "same"');
  });

  it("lets later sources override earlier ones with the same id", async () => {
    await write(join(dir, "a.md"), doc("shared", "Organisation version"), 1_000);
    const builtIn = new StaticSource("built-in", []);
    const library = new RunbookLibrary([builtIn, new FolderSource({ dir })]);
    builtIn.set([
      {
        id: "shared",
        title: "Built-in version",
        services: "*",
        category: "disk",
        signals: { alarms: [], logPatterns: [], resourceTypes: [] },
        actions: [],
        verification: "ok",
        tags: [],
        body: "",
        source: "built-in",
        origin: "memory",
      },
    ]);
    await library.reload();
    expect(library.get("shared")?.title).toBe("Organisation version");
    expect(library.get("shared")?.source).toBe("organisation");
  });

  it("polls for changes on an interval", async () => {
    await write(join(dir, "a.md"), doc("a"), 1_000);
    const library = new RunbookLibrary([new FolderSource({ dir })]);
    await library.reload();
    const changed = new Promise<string[]>((resolve) =>
      library.onChange((c) => resolve(c.added.map((r) => r.id))),
    );
    library.startPolling({ intervalMs: 20 });
    await write(join(dir, "c.md"), doc("c"), 3_000);
    expect(await changed).toEqual(["c"]);
    library.stopPolling();
  });

  it("fails clearly when the folder does not exist", async () => {
    const library = new RunbookLibrary([new FolderSource({ dir: join(dir, "missing") })]);
    await expect(library.reload()).rejects.toThrow(/cannot read runbook folder .*missing/);
  });
});
