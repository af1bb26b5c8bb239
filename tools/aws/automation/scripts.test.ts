import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, symlink, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { APPROVED_SCRIPTS, approvedScript } from "./scripts.js";

const script = APPROVED_SCRIPTS["cleanup-rotated-logs"];

describe("approved scripts", () => {
  it("are looked up by exact id only", () => {
    expect(approvedScript("cleanup-rotated-logs")).toBe(script);
    expect(approvedScript("toString")).toBeUndefined();
    expect(approvedScript("__proto__")).toBeUndefined();
  });

  it("contain no SSM parameter placeholders and touch only /var/log/app", () => {
    for (const s of Object.values(APPROVED_SCRIPTS)) {
      const text = s.commands.join("\n");
      expect(text).not.toContain("{{");
      expect(s.parameters).toEqual(["InstanceId"]);
    }
    const paths = script?.commands.join("\n").match(/\/[\w/.-]+/g) ?? [];
    expect(new Set(paths.filter((p) => p.startsWith("/var")))).toEqual(new Set(["/var/log/app"]));
  });

  it.runIf(process.platform === "linux")(
    "deletes only rotated files older than a day, and no directories or symlink targets",
    async () => {
      const root = await mkdtemp(join(tmpdir(), "air-script-"));
      try {
        const dir = join(root, "app");
        const outside = join(root, "outside");
        await mkdir(join(dir, "sub.1"), { recursive: true });
        await mkdir(outside);
        const old = new Date(Date.now() - 3 * 86_400_000);
        const files = ["app.log", "app.log.1", "app.log.2.gz", "fresh.log.1", "sub.1/x.gz", "data.db"];
        for (const f of files) await writeFile(join(dir, f), "x");
        await writeFile(join(outside, "keep.gz"), "x");
        await symlink(join(outside, "keep.gz"), join(dir, "link.gz"));
        for (const f of files.filter((f) => f !== "fresh.log.1")) await utimes(join(dir, f), old, old);
        await utimes(join(outside, "keep.gz"), old, old);
        const commands = (script?.commands ?? []).map((c) => c.replaceAll("/var/log/app", dir)).join("\n");
        const out = execFileSync("bash", ["-c", commands], { encoding: "utf8" });
        expect(out).toContain("air: deleted 3 rotated file(s)");
        expect((await readdir(dir)).sort()).toEqual([
          "app.log",
          "data.db",
          "fresh.log.1",
          "link.gz",
          "sub.1",
        ]);
        expect(await readdir(join(dir, "sub.1"))).toEqual([]);
        expect(await readdir(outside)).toEqual(["keep.gz"]);
      } finally {
        await rm(root, { recursive: true, force: true });
      }
    },
  );
});
