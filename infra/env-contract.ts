/**
 * The environment contract between the stack and the handlers, read from the code: the `AIR_*` variables
 * each function's bundle reads (its entry and every module it imports, comments left out), and the ones it
 * cannot start without (required by `LambdaEnvSchema`, or passed to a `required("AIR_…")` check).
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { z } from "zod";
import { LambdaEnvSchema } from "../handlers/lambda/env.js";
import { REPO_ROOT } from "./lambda-entries.js";

/** Type-only imports are erased by the bundler: they add no code (and read no variable). */
const TYPE_ONLY = /^(?:import|export)\s+type\s[^;]*?from\s+["'][^"']+["'];?/gms;
const IMPORT = /(?:from\s+|import\s*\(\s*|import\s+)["'](\.{1,2}\/[^"']+)["']/g;
const VAR = /\bAIR_[A-Z0-9_]+\b/g;
const REQUIRED_CALL = /required\(\s*"(AIR_[A-Z0-9_]+)"/g;
/** The schema itself lists every variable; a variable counts as read where the code uses it. */
const SCHEMA_FILE = "handlers/lambda/env.ts";

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
}

/** Every repository source file reachable from `entry` through relative imports. */
export function reachableSources(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(REPO_ROOT, entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const source = withoutComments(readFileSync(file, "utf8")).replace(TYPE_ONLY, "");
    for (const m of source.matchAll(IMPORT)) {
      const spec = m[1] as string;
      const base = resolve(dirname(file), spec);
      const candidates = [base.replace(/\.js$/, ".ts"), base, `${base}.ts`, join(base, "index.ts")];
      const found = candidates.find((c) => c.endsWith(".ts") && existsSync(c));
      if (found) queue.push(found);
    }
  }
  return [...seen].map((f) => relative(REPO_ROOT, f)).sort();
}

export interface EnvUse {
  /** Variables the function's code reads. */
  reads: Set<string>;
  /** Variables it fails without. */
  required: Set<string>;
}

/** Schema keys with neither a default nor `optional()`: a cold start fails without them. */
export function schemaRequired(): string[] {
  const shape = (LambdaEnvSchema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .filter(([key, schema]) => key.startsWith("AIR_") && !schema.safeParse(undefined).success)
    .map(([key]) => key);
}

export function envUse(entry: string): EnvUse {
  const files = reachableSources(entry);
  const reads = new Set<string>();
  const required = new Set<string>();
  for (const file of files) {
    const code = withoutComments(readFileSync(join(REPO_ROOT, file), "utf8"));
    if (file !== SCHEMA_FILE) for (const m of code.matchAll(VAR)) reads.add(m[0]);
    for (const m of code.matchAll(REQUIRED_CALL)) required.add(m[1] as string);
  }
  if (files.includes(SCHEMA_FILE)) {
    for (const key of schemaRequired()) {
      required.add(key);
      reads.add(key);
    }
  }
  return { reads, required };
}
