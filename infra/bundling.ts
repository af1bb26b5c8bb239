/**
 * How every Lambda is bundled. The stack hands `nodejsBundling()` to `NodejsFunction`; the benchmark and the
 * handler-export test call `bundleEntry()`, which runs esbuild with the same settings, so what they measure
 * is what deploys.
 */
import { join, resolve } from "node:path";
import { type BundlingOptions, LogLevel, OutputFormat } from "aws-cdk-lib/aws-lambda-nodejs";
import { build, type Metafile } from "esbuild";
import { REPO_ROOT } from "./lambda-entries.js";

/** Lambda runs Node 22 (DESIGN.md); esbuild targets it exactly. */
export const NODE_TARGET = "node22";

/**
 * ESM output needs a real `require` for the CommonJS dependencies esbuild wraps (`createRequire` shim).
 * The import is aliased so it cannot collide with a bundled module's own names.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __airCreateRequire } from 'node:module'; const require = __airCreateRequire(import.meta.url);";

/** Shared settings; `externalModules: []` bundles the AWS SDK too, pinned to the lock file's versions. */
export const BUNDLING = {
  format: OutputFormat.ESM,
  target: NODE_TARGET,
  minify: true,
  /** LangChain serialises classes by `constructor.name`; minified names would corrupt checkpoints. */
  keepNames: true,
  sourceMap: true,
  sourcesContent: false,
  mainFields: ["module", "main"],
  banner: ESM_REQUIRE_BANNER,
  externalModules: [] as string[],
  logLevel: LogLevel.WARNING,
} as const;

/** Where the shipped runbooks sit inside the deployed bundle (`AIR_KNOWLEDGE_DIR` points the loader there). */
export const BUNDLED_KNOWLEDGE_DIR = "/var/task/knowledge";

/**
 * `NodejsFunction` bundling props: local esbuild only (no Docker), same settings as `bundleEntry`. The
 * built-in runbooks and the AWS runbook catalogue are read from files at run time, so they are copied
 * beside the bundle.
 */
export function nodejsBundling(): BundlingOptions {
  return {
    ...BUNDLING,
    mainFields: [...BUNDLING.mainFields],
    externalModules: [...BUNDLING.externalModules],
    tsconfig: join(REPO_ROOT, "tsconfig.json"),
    forceDockerBundling: false,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir: string, outputDir: string) => [
        `mkdir -p "${outputDir}/knowledge"`,
        `cp -R "${inputDir}/knowledge/runbooks" "${outputDir}/knowledge/runbooks"`,
        `cp -R "${inputDir}/knowledge/aws-runbooks" "${outputDir}/knowledge/aws-runbooks"`,
        `cp "${inputDir}/knowledge/retrieval/vocabulary.yaml" "${outputDir}/knowledge/vocabulary.yaml"`,
      ],
    },
  };
}

export interface BundleResult {
  /** Absolute path of `index.mjs`. */
  file: string;
  bytes: number;
  sourceMapBytes: number;
  /** Names the bundle exports (ESM), e.g. `["handler"]`. */
  exports: string[];
  /** esbuild warnings, formatted as `file:line: text`. */
  warnings: string[];
  metafile: Metafile;
}

/** Bundles one entry into `outdir/index.mjs` exactly as the stack does (plus a metafile to inspect). */
export async function bundleEntry(entry: string, outdir: string): Promise<BundleResult> {
  const outfile = join(outdir, "index.mjs");
  const result = await build({
    entryPoints: [resolve(REPO_ROOT, entry)],
    bundle: true,
    platform: "node",
    target: BUNDLING.target,
    format: "esm",
    outfile,
    minify: BUNDLING.minify,
    keepNames: BUNDLING.keepNames,
    sourcemap: BUNDLING.sourceMap,
    sourcesContent: BUNDLING.sourcesContent,
    mainFields: [...BUNDLING.mainFields],
    banner: { js: BUNDLING.banner },
    external: [...BUNDLING.externalModules],
    tsconfig: join(REPO_ROOT, "tsconfig.json"),
    absWorkingDir: REPO_ROOT,
    // Errors come back in the thrown error; warnings are returned, so callers decide what to print.
    logLevel: "silent",
    metafile: true,
  });
  const outputs = result.metafile.outputs;
  const key = Object.keys(outputs).find((k) => k.endsWith("index.mjs"));
  const mapKey = Object.keys(outputs).find((k) => k.endsWith("index.mjs.map"));
  const out = key === undefined ? undefined : outputs[key];
  if (!out) throw new Error(`esbuild produced no index.mjs for ${entry}`);
  return {
    file: outfile,
    bytes: out.bytes,
    sourceMapBytes: mapKey === undefined ? 0 : (outputs[mapKey]?.bytes ?? 0),
    exports: out.exports,
    warnings: result.warnings.map((w) => `${w.location?.file ?? "?"}:${w.location?.line ?? 0}: ${w.text}`),
    metafile: result.metafile,
  };
}
