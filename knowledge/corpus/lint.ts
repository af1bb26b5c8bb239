/**
 * Runbook lint: everything that would make a runbook useless or unsafe to follow, found before it ships.
 * Errors: invalid front matter, unknown action ids, duplicate ids, parameters the action does not take or
 * is missing, malformed templates. Warnings: missing body sections, action target not among the runbook's
 * resource types.
 */
import { readFile } from "node:fs/promises";
import { findAction } from "../actions/index.js";
import type { RunbookActionRef } from "../retrieval/types.js";
import { paramNames, requiredParamNames } from "./action-params.js";
import { parseAwsCatalogue } from "./aws-catalogue.js";
import { displayPath, parseRunbook, RunbookParseError } from "./front-matter.js";
import type { Runbook } from "./schema.js";
import { listMarkdown } from "./sources/folder.js";
import { checkTemplate } from "./templates.js";

export interface LintProblem {
  severity: "error" | "warning";
  file: string;
  field?: string;
  message: string;
}

/** `error knowledge/runbooks/x.md: actions[0].actionId: "ecs-restart" is not in the action catalogue` */
export function formatLintProblem(p: LintProblem): string {
  return `${p.severity} ${p.file}:${p.field ? ` ${p.field}:` : ""} ${p.message}`;
}

const SECTIONS = ["symptoms", "diagnosis", "remediation", "verification", "escalation"];

/** Problems with one action reference; `field` prefix like `actions[0]`. */
export function lintActionRef(
  ref: RunbookActionRef,
  file: string,
  field: string,
  resourceTypes: readonly string[],
): LintProblem[] {
  const problems: LintProblem[] = [];
  const action = findAction(ref.actionId);
  if (!action) {
    return [
      {
        severity: "error",
        file,
        field: `${field}.actionId`,
        message: `"${ref.actionId}" is not in the action catalogue`,
      },
    ];
  }
  const known = paramNames(action);
  for (const name of Object.keys(ref.params)) {
    if (!known.includes(name)) {
      problems.push({
        severity: "error",
        file,
        field: `${field}.params.${name}`,
        message: `${action.id} takes no parameter "${name}" (it takes ${known.join(", ")})`,
      });
    }
  }
  for (const name of requiredParamNames(action)) {
    if (!(name in ref.params)) {
      problems.push({
        severity: "error",
        file,
        field: `${field}.params`,
        message: `missing required parameter "${name}" for ${action.id}`,
      });
    }
  }
  for (const [name, template] of Object.entries(ref.params)) {
    for (const message of checkTemplate(template)) {
      problems.push({ severity: "error", file, field: `${field}.params.${name}`, message });
    }
  }
  if (resourceTypes.length > 0 && !resourceTypes.includes(action.targetType)) {
    problems.push({
      severity: "warning",
      file,
      field: `${field}.actionId`,
      message: `${action.id} targets ${action.targetType}, which is not in signals.resourceTypes`,
    });
  }
  return problems;
}

/** Lints one parsed runbook (not duplicates across files: see `lintRunbooks`). */
export function lintRunbook(runbook: Runbook): LintProblem[] {
  const file = runbook.origin;
  const problems = runbook.actions.flatMap((ref, i) =>
    lintActionRef(ref, file, `actions[${i}]`, runbook.signals.resourceTypes),
  );
  const headings = [...runbook.body.matchAll(/^#{1,3}\s+(.+)$/gm)].map((m) => (m[1] ?? "").toLowerCase());
  for (const section of SECTIONS) {
    if (!headings.some((h) => h.includes(section))) {
      problems.push({
        severity: "warning",
        file,
        message: `body has no "## ${section[0]?.toUpperCase()}${section.slice(1)}" section`,
      });
    }
  }
  if (runbook.signals.alarms.length + runbook.signals.logPatterns.length === 0) {
    problems.push({
      severity: "warning",
      file,
      field: "signals",
      message: "no alarms and no log patterns: only text search can find this runbook",
    });
  }
  if ((runbook.aliases ?? []).length + (runbook.symptoms ?? []).length === 0) {
    problems.push({
      severity: "warning",
      file,
      field: "aliases",
      message:
        'no aliases and no symptoms: people searching in their own words ("disk full", "OOM") may not find it',
    });
  }
  for (const [field, phrases] of [
    ["aliases", runbook.aliases ?? []],
    ["symptoms", runbook.symptoms ?? []],
  ] as const) {
    const seen = new Set<string>();
    phrases.forEach((phrase, i) => {
      const key = phrase.trim().toLowerCase();
      if (seen.has(key))
        problems.push({
          severity: "warning",
          file,
          field: `${field}[${i}]`,
          message: `"${phrase}" is listed twice`,
        });
      seen.add(key);
      if (phrase.length > 80)
        problems.push({
          severity: "warning",
          file,
          field: `${field}[${i}]`,
          message: "longer than 80 characters: keep it a short phrase someone would type",
        });
    });
  }
  return problems;
}

/** Lints every `*.md` runbook under `dir`. Returns problems sorted by file; empty means clean. */
export async function lintRunbooks(dir: string): Promise<LintProblem[]> {
  const problems: LintProblem[] = [];
  const seen = new Map<string, string>();
  let files: string[];
  try {
    files = await listMarkdown(dir);
  } catch (error) {
    return [{ severity: "error", file: dir, message: `cannot read folder: ${(error as Error).message}` }];
  }
  for (const path of files) {
    const file = displayPath(path);
    let runbook: Runbook;
    try {
      runbook = parseRunbook(await readFile(path, "utf8"), file, "organisation");
    } catch (error) {
      if (!(error instanceof RunbookParseError)) throw error;
      for (const p of error.problems) {
        problems.push({
          severity: "error",
          file,
          ...(p.field ? { field: p.field } : {}),
          message: p.message,
        });
      }
      continue;
    }
    const first = seen.get(runbook.id);
    if (first) {
      problems.push({
        severity: "error",
        file,
        field: "id",
        message: `duplicate id "${runbook.id}" (also in ${first})`,
      });
    } else {
      seen.set(runbook.id, file);
    }
    problems.push(...lintRunbook(runbook));
  }
  return problems;
}

/** Lints the AWS document catalogue: schema, duplicate names, mapped actions and their parameters. */
export async function lintAwsCatalogue(path: string): Promise<LintProblem[]> {
  const file = displayPath(path);
  try {
    const docs = parseAwsCatalogue(await readFile(path, "utf8"), file);
    const problems: LintProblem[] = [];
    const names = new Set<string>();
    docs.forEach((doc, i) => {
      if (names.has(doc.name)) {
        problems.push({
          severity: "error",
          file,
          field: `documents[${i}].name`,
          message: `duplicate "${doc.name}"`,
        });
      }
      names.add(doc.name);
      if (doc.action)
        problems.push(...lintActionRef(doc.action, file, `documents[${i}].action`, doc.resourceTypes));
    });
    return problems;
  } catch (error) {
    if (!(error instanceof RunbookParseError)) throw error;
    return error.problems.map((p) => ({
      severity: "error" as const,
      file,
      ...(p.field ? { field: p.field } : {}),
      message: p.message,
    }));
  }
}
