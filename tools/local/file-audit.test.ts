import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileAudit } from "./file-audit.js";
import { firstBrokenLink } from "./hash-chain.js";

const entry = (i: number) => ({
  incidentId: "inc/1",
  time: `2026-11-26T12:00:0${i}Z`,
  actor: "air/test",
  kind: "k",
  summary: `s${i}`,
});

describe("file audit trail", () => {
  it("continues one hash chain across instances (a resumed run in a fresh process)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "audit-"));
    const first = new FileAudit(dir);
    await Promise.all([0, 1, 2].map((i) => first.append(entry(i)))); // concurrent appends, one process
    const second = new FileAudit(dir);
    await second.append(entry(3));
    const records = await second.list("inc/1");
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3]);
    expect(firstBrokenLink(records)).toBe(-1);
  });

  it("detects an edited record", async () => {
    const dir = await mkdtemp(join(tmpdir(), "audit-"));
    const audit = new FileAudit(dir);
    for (const i of [0, 1, 2]) await audit.append(entry(i));
    const file = join(dir, "inc_1.jsonl");
    await writeFile(file, (await readFile(file, "utf8")).replace('"s1"', '"nothing happened"'));
    expect(firstBrokenLink(await audit.list("inc/1"))).toBe(1);
  });
});
