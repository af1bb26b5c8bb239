/**
 * The dependency rules of DESIGN.md, checked over the source tree: layers point downward, the graph and the
 * agents import no adapter, production code imports no test helper, and nothing outside `evals/` reaches
 * `evals/` except the lazy `air eval` entry. `npm test` runs it (`architecture.test.ts`); run it by hand with
 * `npx tsx scripts/layers.ts` for a listing.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";

/** Top folders from the bottom floor up; a production file may import its own floor or one below. */
export const LAYERS = ["tools", "knowledge", "agents", "graph", "handlers", "infra", "evals"] as const;
/**
 * Adapters the entry points choose; the graph and the agents depend only on `tools/ports.ts` (and on
 * `tools/aws-shared/`, the low-level AWS helpers that are not an adapter: table creator, error translator).
 */
const ADAPTERS = ["tools/aws/", "tools/local/", "tools/sandbox/"];
/**
 * Deliberate exceptions, each with its reason. The sandbox's test helper starts catalogue actions by id, so it
 * needs the catalogue to know which executor runs each one (the sandbox itself dispatches on executors).
 */
const ALLOWED: ReadonlyArray<{ from: string; to: string }> = [
  { from: "tools/sandbox/test-support.ts", to: "knowledge/actions/index.ts" },
];
/** The one file allowed to reach `evals/`, and only through a dynamic `import()`. */
const LAZY_EVAL_ENTRY = "handlers/cli/program.ts";

export interface ImportEdge {
  from: string;
  to: string;
  dynamic: boolean;
}

export interface Violation extends ImportEdge {
  rule: "upward" | "adapter" | "test-helper" | "evals";
  message: string;
}

const isTestFile = (p: string) => /\.test\.ts$/.test(p) || /(^|\/)test-support(\.ts|\/)/.test(p);
const topOf = (p: string) => p.split("/")[0] ?? "";
const rankOf = (p: string) => LAYERS.indexOf(topOf(p) as (typeof LAYERS)[number]);

function walk(dir: string, root: string, out: string[]): void {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, root, out);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts"))
      out.push(relative(root, path).split(sep).join("/"));
  }
}

/** Every relative import (static, re-export or dynamic) of every TypeScript file under the layer folders. */
export function importEdges(root: string): ImportEdge[] {
  const files: string[] = [];
  for (const layer of LAYERS) walk(join(root, layer), root, files);
  const edges: ImportEdge[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;
  for (const file of files) {
    const text = readFileSync(join(root, file), "utf8");
    for (const match of text.matchAll(pattern)) {
      const spec = match[1] ?? "";
      const target = relative(root, resolve(root, dirname(file), spec))
        .split(sep)
        .join("/")
        .replace(/\.js$/, ".ts");
      edges.push({ from: file, to: target, dynamic: match[0].includes("import(") });
    }
  }
  return edges;
}

/** The edges that break a rule, each with the rule and a sentence saying what to do. */
export function layerViolations(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    const { from, to } = edge;
    const fromTop = topOf(from);
    const toTop = topOf(to);
    if (toTop === "evals" && fromTop !== "evals") {
      if (!(from === LAZY_EVAL_ENTRY && edge.dynamic)) {
        out.push({
          ...edge,
          rule: "evals",
          message: `${from} imports ${to}: evals/ is the top floor; only ${LAZY_EVAL_ENTRY} may load it, lazily`,
        });
      }
      continue;
    }
    const fromRank = rankOf(from);
    const toRank = rankOf(to);
    const allowed = ALLOWED.some((a) => a.from === from && a.to === to);
    if (fromRank >= 0 && toRank > fromRank && !allowed) {
      out.push({
        ...edge,
        rule: "upward",
        message: `${from} imports ${to}: ${fromTop}/ may not depend on ${toTop}/ (dependencies point downward)`,
      });
    }
    // Tests and test helpers may use any adapter and other test helpers; the rules below are for production.
    if (isTestFile(from)) continue;
    if (isTestFile(to) || /(^|\/)test-[\w-]+\.ts$/.test(to)) {
      out.push({
        ...edge,
        rule: "test-helper",
        message: `${from} (production) imports the test helper ${to}`,
      });
    }
    if ((fromTop === "graph" || fromTop === "agents") && ADAPTERS.some((a) => to.startsWith(a))) {
      out.push({
        ...edge,
        rule: "adapter",
        message: `${from} imports the adapter ${to}: the graph and agents see only tools/ports.ts; the entry point passes adapters in`,
      });
    }
  }
  return out;
}

/** Production lines of code per top folder (tests and test helpers excluded). */
export function linesPerLayer(root: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const layer of LAYERS) {
    const files: string[] = [];
    walk(join(root, layer), root, files);
    out[layer] = files
      .filter((f) => !isTestFile(f))
      .reduce((sum, f) => sum + readFileSync(join(root, f), "utf8").split("\n").length, 0);
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const root = resolve(process.argv[2] ?? ".");
  const violations = layerViolations(importEdges(root));
  for (const v of violations) console.log(`${v.rule.padEnd(11)} ${v.message}`);
  console.log(`\n${violations.length} violation(s)`);
  console.table(linesPerLayer(root));
  process.exitCode = violations.length > 0 ? 1 : 0;
}
