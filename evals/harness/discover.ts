/**
 * Finds the scenario files to run: every `*.yaml` in a folder, narrowed by globs on the file name or id
 * (`--scenario 'disk-*,bad-ecs-deploy'`) and a substring filter on id, title, category or tags
 * (`--filter deployment`).
 */

import { readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { loadScenario, type Scenario } from "../scenario/index.js";

/** `disk-*` → /^disk-.*$/ (only `*` and `?` are special). */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}

/** Scenario files of a folder (or the one file given), sorted by name. */
export function scenarioFiles(path: string): string[] {
  const absolute = resolve(path);
  if (statSync(absolute).isFile()) return [absolute];
  return readdirSync(absolute)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(absolute, f));
}

export interface Selection {
  /** Globs on the file name (without .yaml) or the scenario id, comma-separated. */
  scenario?: string;
  /** Substring of id, title, category or a tag. */
  filter?: string;
}

/** Loads and selects scenarios; a malformed file throws ScenarioError naming the file and field. */
export function selectScenarios(path: string, selection: Selection = {}): Scenario[] {
  const globs = selection.scenario?.split(",").map((g) => globToRegExp(g.trim()));
  const glob = globs && { test: (name: string) => globs.some((g) => g.test(name)) };
  const needle = selection.filter?.toLowerCase();
  const out: Scenario[] = [];
  for (const file of scenarioFiles(path)) {
    const name = basename(file).replace(/\.ya?ml$/, "");
    if (glob && !glob.test(name)) {
      // The id may differ from the file name; load to check it only when the name did not match.
      const scenario = loadScenario(file);
      if (!glob.test(scenario.metadata.id)) continue;
      if (matches(scenario, needle)) out.push(scenario);
      continue;
    }
    const scenario = loadScenario(file);
    if (matches(scenario, needle)) out.push(scenario);
  }
  return out;
}

function matches(scenario: Scenario, needle: string | undefined): boolean {
  if (!needle) return true;
  const { id, title, category, tags } = scenario.metadata;
  return [id, title, category, ...tags].some((v) => v.toLowerCase().includes(needle));
}
