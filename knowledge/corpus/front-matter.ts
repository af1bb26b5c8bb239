/** Splits a runbook file into front matter and body, validates it, and reports problems by file and field. */
import { isAbsolute, relative } from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { type Runbook, RunbookFrontMatterSchema, type RunbookSource } from "./schema.js";

/** One thing wrong with a runbook file. `field` is a dotted path like `signals.alarms[0].metric`. */
export interface RunbookProblem {
  origin: string;
  field?: string;
  message: string;
}

/** Thrown when a runbook file cannot be used; `message` lists every problem, one per line. */
export class RunbookParseError extends Error {
  constructor(
    readonly origin: string,
    readonly problems: RunbookProblem[],
  ) {
    super(problems.map(formatProblem).join("\n"));
    this.name = "RunbookParseError";
  }
}

/** `knowledge/runbooks/x.md: front matter field "signals.alarms[0].metric": expected string` */
export function formatProblem(problem: RunbookProblem): string {
  const where = problem.field === undefined ? "" : ` front matter field "${problem.field}":`;
  return `${problem.origin}:${where} ${problem.message}`;
}

/** `["signals", "alarms", 0, "metric"]` → `signals.alarms[0].metric` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else out += out === "" ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Turns zod issues into problems with readable messages. */
export function zodProblems(origin: string, issues: readonly z.core.$ZodIssue[]): RunbookProblem[] {
  return issues.map((issue) => {
    const message = issue.message.replace(/^Invalid input: /, "");
    if (issue.code === "unrecognized_keys") {
      const prefix = formatPath(issue.path);
      return {
        origin,
        field: issue.keys.map((k) => (prefix ? `${prefix}.${k}` : k)).join(", "),
        message: "unknown field (check the spelling; see knowledge/README.md for the format)",
      };
    }
    const field = formatPath(issue.path);
    return field === "" ? { origin, message } : { origin, field, message };
  });
}

const FENCE = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

/** A path as shown in messages: relative to the working directory when inside it, absolute otherwise. */
export function displayPath(path: string, base = process.cwd()): string {
  const rel = relative(base, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}

/** Splits `---\nyaml\n---\nbody`. Returns undefined when the file has no front matter. */
export function splitFrontMatter(text: string): { yaml: string; body: string } | undefined {
  const match = FENCE.exec(text.replace(/^\uFEFF/, ""));
  if (!match) return undefined;
  return { yaml: match[1] ?? "", body: text.replace(/^\uFEFF/, "").slice(match[0].length) };
}

/** Parses and validates one runbook file. Throws `RunbookParseError` naming the file and each bad field. */
export function parseRunbook(text: string, origin: string, source: RunbookSource): Runbook {
  const parts = splitFrontMatter(text);
  if (!parts) {
    throw new RunbookParseError(origin, [
      { origin, message: "no front matter: the file must start with a '---' line, then YAML, then '---'" },
    ]);
  }
  const doc = parseDocument(parts.yaml, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new RunbookParseError(
      origin,
      doc.errors.map((e) => ({
        origin,
        message: `front matter is not valid YAML: ${e.message.split("\n")[0]}`,
      })),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new RunbookParseError(origin, [
      { origin, message: "front matter must be a YAML mapping (key: value lines)" },
    ]);
  }
  const parsed = RunbookFrontMatterSchema.safeParse(raw);
  if (!parsed.success) throw new RunbookParseError(origin, zodProblems(origin, parsed.error.issues));
  const fm = parsed.data;
  return {
    id: fm.id,
    title: fm.title,
    services: fm.services,
    category: fm.category,
    signals: fm.signals,
    actions: fm.actions,
    verification: fm.verification,
    escalation: fm.escalation,
    tags: fm.tags,
    aliases: fm.aliases,
    symptoms: fm.symptoms,
    body: parts.body.trim(),
    source,
    origin,
  };
}
