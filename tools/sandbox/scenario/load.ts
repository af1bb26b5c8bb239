/**
 * Reading and validating scenarios. Every failure names the file, the field path and what to do.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import type { ScenarioIssue } from "./check.js";
import { checkScenario } from "./check.js";
import type { Scenario } from "./schema.js";
import { ScenarioSchema } from "./schema.js";

/**
 * How to read a scenario: the schema (the simulated account's, or one that extends it, like the eval suite's
 * with ground truth) and extra cross-reference checks to run after the account's own.
 */
export interface ScenarioFormat<T extends Scenario> {
  schema: z.ZodType<T>;
  check?: (scenario: T) => ScenarioIssue[];
}

const SIMULATION_FORMAT: ScenarioFormat<Scenario> = { schema: ScenarioSchema };

/** A scenario that cannot be used, with every problem found. */
export class ScenarioError extends Error {
  constructor(
    readonly source: string,
    readonly issues: ScenarioIssue[],
    summary?: string,
  ) {
    super(
      summary ??
        `Scenario ${source} is invalid (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n` +
          issues.map((i) => `  - ${formatPath(i.path)}: ${i.message}`).join("\n") +
          "\nFix the fields above; the format is documented in evals/README.md (JSON Schema for editors: evals/scenarios/scenario.schema.json).",
    );
    this.name = "ScenarioError";
  }
}

/** ["faults", 0, "kind"] → "faults[0].kind". */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

/** Rewrites zod's messages into instructions. */
function explain(issue: z.core.$ZodIssue): string {
  const received = /received (\w+)/.exec(issue.message)?.[1];
  if (issue.code === "invalid_type" && received === "undefined") {
    return `is required (expected ${issue.expected}); add it`;
  }
  if (issue.code === "invalid_union" && issue.message.includes("discriminator")) {
    return "unknown or missing `type`; use one of autoscaling-group, ec2-instance, ecs-service, lambda-function";
  }
  if (issue.code === "invalid_value") return `${issue.message}; use exactly that value`;
  if (issue.code === "unrecognized_keys") return `${issue.message}; remove it or check its spelling`;
  return issue.message;
}

/** Validates a parsed scenario object (structure, then cross-references); throws ScenarioError. */
export function parseScenario<T extends Scenario = Scenario>(
  input: unknown,
  source = "<inline scenario>",
  format: ScenarioFormat<T> = SIMULATION_FORMAT as unknown as ScenarioFormat<T>,
): T {
  const parsed = format.schema.safeParse(input);
  if (!parsed.success) {
    throw new ScenarioError(
      source,
      parsed.error.issues.map((i) => ({
        path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
        message: explain(i),
      })),
    );
  }
  const issues = [...checkScenario(parsed.data), ...(format.check?.(parsed.data) ?? [])];
  if (issues.length > 0) throw new ScenarioError(source, issues);
  return parsed.data;
}

/** The YAML library's message without its own position suffix, plus the excerpt it points at. */
function describeYamlError(message: string): string {
  const [head = "", ...excerpt] = message.split("\n");
  const text = head.replace(/ at line \d+, column \d+:?$/, "");
  const context = excerpt.filter((l) => l.trim() !== "").slice(0, 3);
  return context.length > 0 ? `${text}\n${context.map((l) => `    ${l}`).join("\n")}` : text;
}

/** Reads, parses and validates one scenario YAML file. */
export function loadScenario<T extends Scenario = Scenario>(
  path: string,
  format: ScenarioFormat<T> = SIMULATION_FORMAT as unknown as ScenarioFormat<T>,
): T {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new ScenarioError(
      path,
      [],
      `Scenario file not found: ${path} (looked at ${absolute}). Check the path; the built-in scenarios are in evals/scenarios/.`,
    );
  }
  const text = readFileSync(absolute, "utf8");
  const doc = parseDocument(text, { prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    const where = at ? `${path}:${at.line}:${at.col}` : path;
    throw new ScenarioError(
      path,
      [{ path: [], message: first.message }],
      `Scenario ${where} is not valid YAML: ${describeYamlError(first.message)}\n` +
        "Fix the YAML syntax there (indentation, a missing colon or an unclosed quote).",
    );
  }
  return parseScenario(doc.toJS(), path, format);
}

/** Loads every `*.yaml` / `*.yml` scenario in a directory, sorted by file name. */
export function loadScenarioDir<T extends Scenario = Scenario>(
  dir: string,
  format: ScenarioFormat<T> = SIMULATION_FORMAT as unknown as ScenarioFormat<T>,
): T[] {
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => loadScenario(join(dir, f), format));
}
