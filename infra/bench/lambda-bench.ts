/**
 * Lambda bundle benchmark: bundles each entry of `infra/lambda-entries.ts` with the stack's esbuild settings,
 * prints its size (and the packages that weigh most), and measures module initialisation locally: a fresh
 * `node` per run imports the bundle and times the import, with and without `--enable-source-maps`.
 *
 *   npm run bench:lambda -- [--runs 10] [--only worker,intake] [--json lambda-bench.json]
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import type { Metafile } from "esbuild";
import { BUNDLING, bundleEntry } from "../bundling.js";
import { LAMBDA_ENTRIES, type LambdaEntry, REPO_ROOT } from "../lambda-entries.js";
import { ENV, powertoolsEnv } from "../runtime-contract.js";

interface Options {
  runs: number;
  only: string[];
  json: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { runs: 10, only: [], json: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = argv[i + 1];
    if (arg === "--runs" && value) options.runs = Math.max(1, Number.parseInt(value, 10) || 10);
    else if (arg === "--only" && value) options.only = value.split(",");
    else if (arg === "--json" && value) options.json = value;
    else if (arg === "--help" || arg === "-h") {
      console.log("usage: npm run bench:lambda -- [--runs N] [--only name,name] [--json file]");
      process.exit(0);
    } else continue;
    i++;
  }
  return options;
}

/** What a deployed function sees at cold start, with placeholder values (nothing is called at import). */
function benchEnvironment(): Record<string, string> {
  const arn = (service: string, rest: string) => `arn:aws:${service}:us-east-1:123456789012:${rest}`;
  return {
    PATH: process.env.PATH ?? "",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIABENCHPLACEHOLDER",
    AWS_SECRET_ACCESS_KEY: "bench-placeholder",
    AWS_LAMBDA_FUNCTION_NAME: "air-bench",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "1024",
    ...powertoolsEnv("INFO"),
    NODE_OPTIONS: "",
    [ENV.dynamoEndpoint]: "aws",
    [ENV.checkpointTable]: "air-bench-checkpoints",
    [ENV.incidentTable]: "air-bench-incidents",
    [ENV.outcomeTable]: "air-bench-outcomes",
    [ENV.approvalTable]: "air-bench-approvals",
    [ENV.offloadBucket]: "air-bench-offload",
    [ENV.auditBucket]: "air-bench-audit",
    [ENV.reportBucket]: "air-bench-reports",
    [ENV.knowledgeBucket]: "air-bench-knowledge",
    [ENV.workQueueUrl]: "https://sqs.us-east-1.amazonaws.com/123456789012/air-bench-work.fifo",
    [ENV.notifyTopicArn]: arn("sns", "air-bench-notify"),
    [ENV.approvalSecretArn]: arn("secretsmanager", "secret:air-bench-signing-AbCdEf"),
    [ENV.approvalUrl]: "https://bench.lambda-url.us-east-1.on.aws/",
    [ENV.approvalTimeoutMinutes]: "60",
    [ENV.bedrockModelId]: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
    [ENV.automationRoles]: JSON.stringify({
      "AWS-RestartEC2Instance": "arn:aws:iam::123456789012:role/bench",
    }),
    [ENV.gatePolicy]: JSON.stringify({ enabledActions: ["ec2-restart-instance"], approvers: [] }),
  };
}

const CHILD = `
const started = performance.now();
await import(process.env.AIR_BENCH_MODULE);
process.stdout.write(JSON.stringify({ ms: performance.now() - started }));
`;

/** One fresh process importing the bundle; returns the import's milliseconds. */
function timeImport(file: string, sourceMaps: boolean): number {
  const args = [...(sourceMaps ? ["--enable-source-maps"] : []), "--input-type=module", "-e", CHILD];
  const result = spawnSync(process.execPath, args, {
    env: { ...benchEnvironment(), AIR_BENCH_MODULE: pathToFileURL(file).href },
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) {
    const reason = (result.stderr || result.error?.message || `exit ${result.status}`).trim().split("\n");
    throw new Error(`importing the bundle failed: ${reason.slice(0, 6).join(" | ")}`);
  }
  return (JSON.parse(result.stdout) as { ms: number }).ms;
}

interface Stats {
  median: number;
  p95: number;
  samples: number[];
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 === 1 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return { median, p95: at(0.95), samples: samples.map((s) => Math.round(s * 10) / 10) };
}

/** Bytes each npm package contributes to the bundle, largest first. */
function topPackages(metafile: Metafile, limit = 5): { name: string; bytes: number }[] {
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, input] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const name = match?.[1] ?? "(project sources)";
      totals.set(name, (totals.get(name) ?? 0) + input.bytesInOutput);
    }
  }
  return [...totals.entries()]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, limit);
}

interface Result {
  name: string;
  entry: string;
  bytes?: number;
  sourceMapBytes?: number;
  zippedBytes?: number;
  topPackages?: { name: string; bytes: number }[];
  warnings?: string[];
  initWithSourceMaps?: Stats;
  initWithoutSourceMaps?: Stats;
  error?: string;
}

async function benchOne(
  entry: LambdaEntry,
  runs: number,
  onProgress: (msg: string) => void,
): Promise<Result> {
  if (!existsSync(join(REPO_ROOT, entry.entry))) {
    return { name: entry.name, entry: entry.entry, error: `${entry.entry} does not exist (yet)` };
  }
  const outdir = mkdtempSync(join(tmpdir(), `air-lambda-bench-${entry.name}-`));
  try {
    onProgress(`${entry.name}: bundling ${entry.entry}`);
    const bundle = await bundleEntry(entry.entry, outdir);
    const zipped = gzipSync(
      Buffer.concat([readFileSync(bundle.file), readFileSync(`${bundle.file}.map`, { flag: "r" })]),
    ).length;
    const result: Result = {
      name: entry.name,
      entry: entry.entry,
      bytes: bundle.bytes,
      sourceMapBytes: bundle.sourceMapBytes,
      zippedBytes: zipped,
      topPackages: topPackages(bundle.metafile),
      warnings: bundle.warnings,
    };
    if (!bundle.exports.includes(entry.handler)) {
      return { ...result, error: `the bundle does not export \`${entry.handler}\`` };
    }
    const withMaps: number[] = [];
    const without: number[] = [];
    for (let i = 0; i < runs; i++) {
      onProgress(`${entry.name}: import ${i + 1}/${runs}`);
      withMaps.push(timeImport(bundle.file, true));
      without.push(timeImport(bundle.file, false));
    }
    return { ...result, initWithSourceMaps: stats(withMaps), initWithoutSourceMaps: stats(without) };
  } catch (error) {
    return { name: entry.name, entry: entry.entry, error: (error as Error).message };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const kb = (n: number | undefined) =>
  n === undefined ? "-" : `${(n / 1024).toFixed(n < 10 * 1024 ? 1 : 0)} KB`;
const ms = (n: number | undefined) => (n === undefined ? "-" : `${n.toFixed(0)} ms`);

function render(results: Result[], runs: number): string {
  const header = ["function", "bundle", "source map", "zipped", "init p50", "init p95", "p50 no maps"];
  const rows = results.map((r) => [
    r.name,
    kb(r.bytes),
    kb(r.sourceMapBytes),
    kb(r.zippedBytes),
    ms(r.initWithSourceMaps?.median),
    ms(r.initWithSourceMaps?.p95),
    ms(r.initWithoutSourceMaps?.median),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  const out = [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const r of results) {
    if (r.error) out.push(`  ${r.name}: ${r.error}`);
    else if (r.topPackages) {
      out.push(`  ${r.name}: ${r.topPackages.map((p) => `${p.name} ${kb(p.bytes)}`).join(", ")}`);
    }
    if (r.warnings?.length)
      out.push(`  ${r.name}: ${r.warnings.length} esbuild warning(s), e.g. ${r.warnings[0]}`);
  }
  out.push(
    "",
    `init = one fresh \`node ${process.version}\` per run importing the bundle (${runs} runs; p50 no maps = without`,
    "--enable-source-maps). Local module initialisation only: Lambda adds runtime start-up and code download,",
    `and arm64 Lambda CPUs differ from this ${process.arch} machine (${cpus()[0]?.model ?? "unknown CPU"}).`,
  );
  return out.join("\n");
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const entries = LAMBDA_ENTRIES.filter((e) => options.only.length === 0 || options.only.includes(e.name));
  const results: Result[] = [];
  for (const entry of entries) {
    results.push(await benchOne(entry, options.runs, (msg) => process.stderr.write(`\r\x1b[K${msg}`)));
  }
  process.stderr.write("\r\x1b[K");
  console.log(render(results, options.runs));
  if (options.json) {
    const report = {
      generatedAt: new Date().toISOString(),
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
      cpu: cpus()[0]?.model,
      runs: options.runs,
      bundling: {
        ...BUNDLING,
        externalModules: [...BUNDLING.externalModules],
        mainFields: [...BUNDLING.mainFields],
      },
      results,
    };
    writeFileSync(options.json, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${options.json}`);
  }
  if (results.some((r) => r.error)) process.exitCode = 1;
}

await main();
