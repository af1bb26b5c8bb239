/**
 * Every Lambda handler in the stack points at a real export: each function resource names its source entry
 * (metadata `air:entry`), that entry is one of `infra/lambda-entries.ts`, the file exists, and bundling it
 * exactly as the stack does yields a module exporting `handler` (Lambda's `index.handler`).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleEntry } from "./bundling.js";
import { ENTRY_METADATA_KEY } from "./constructs/functions.js";
import { defaultEntryPaths, LAMBDA_ENTRIES, REPO_ROOT } from "./lambda-entries.js";
import { buildStack, resourcesOfType, synthStack } from "./test-support.js";

const missing = LAMBDA_ENTRIES.filter((e) => !existsSync(join(REPO_ROOT, e.entry))).map((e) => e.entry);

describe("Lambda handlers", () => {
  it("every function in the stack names one entry of infra/lambda-entries.ts, handler index.handler", () => {
    const { template } = synthStack({ bundle: false });
    const functions = resourcesOfType(template, "AWS::Lambda::Function");
    const named = functions.map(([, fn]) => {
      expect(fn.Properties?.Handler).toBe("index.handler");
      return fn.Metadata?.[ENTRY_METADATA_KEY];
    });
    expect(named.sort()).toEqual(LAMBDA_ENTRIES.map((e) => e.entry).sort());
  });

  it("every entry file exists", () => {
    expect(missing, `handler files not written yet: ${missing.join(", ")}`).toEqual([]);
  });

  it.each(LAMBDA_ENTRIES.map((e) => [e.entry, e] as const))(
    "%s bundles (same esbuild settings as the stack) to a module exporting `handler`",
    async (_entry, e) => {
      expect(existsSync(join(REPO_ROOT, e.entry)), `${e.entry} does not exist yet`).toBe(true);
      const outdir = mkdtempSync(join(tmpdir(), `air-bundle-${e.name}-`));
      try {
        const bundle = await bundleEntry(e.entry, outdir);
        expect(bundle.exports).toContain(e.handler);
      } finally {
        rmSync(outdir, { recursive: true, force: true });
      }
    },
  );

  it("the stack bundles the real handlers with local esbuild (no Docker)", () => {
    const { app } = buildStack({ entries: defaultEntryPaths() });
    const assembly = app.synth();
    const manifest = JSON.parse(
      readFileSync(join(assembly.directory, "AirResponder.assets.json"), "utf8"),
    ) as {
      files: Record<string, { source: { path: string; packaging?: string } }>;
    };
    const bundles = Object.values(manifest.files).filter((f) => f.source.packaging === "zip");
    expect(bundles).toHaveLength(LAMBDA_ENTRIES.length);
    for (const { source } of bundles) {
      const dir = join(assembly.directory, source.path);
      expect(readdirSync(dir).sort()).toEqual(["index.mjs", "index.mjs.map", "knowledge"]);
      // The runbooks are read from files at run time (AIR_KNOWLEDGE_DIR), so they ship beside the bundle.
      expect(
        readdirSync(join(dir, "knowledge", "runbooks")).filter((f) => f.endsWith(".md")).length,
      ).toBeGreaterThan(20);
      expect(readdirSync(join(dir, "knowledge", "aws-runbooks"))).toContain("catalogue.yaml");
      expect(statSync(join(dir, "index.mjs")).size).toBeGreaterThan(1000);
    }
  });
});
