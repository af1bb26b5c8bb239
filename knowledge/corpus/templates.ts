/**
 * Action parameter templates in runbooks: `{{target.id}}`, `{{target.attributes.previousTaskDefinitions | first}}`,
 * optionally piped through small filters: `{{target.attributes.desiredCapacity | double | atMost:target.attributes.maxSize}}`.
 *
 * Roots: `target.id`, `target.service`, `target.group`, `target.state`, `target.attributes.<name>`,
 * `target.tags.<name>`. Filters: `double`, `plus:<n>`, `atMost:<path|n>`, `atLeast:<path|n>`, `first`, `last`
 * (of a comma-separated list). Rendering is pure data lookup: a template can never run code.
 */
import type { ResourceDescription } from "../../tools/domain/index.js";

const PLACEHOLDER = /\{\{\s*([^}]*?)\s*\}\}/g;
const PATH = /^target\.(id|service|group|state|attributes\.[\w.-]+|tags\.[\w.:/-]+)$/;
const FILTERS = new Set(["double", "plus", "atMost", "atLeast", "first", "last"]);

/** Syntax problems in one template string (empty when it is fine). */
export function checkTemplate(template: string): string[] {
  const problems: string[] = [];
  const opens = (template.match(/\{\{/g) ?? []).length;
  const closes = (template.match(/\}\}/g) ?? []).length;
  if (opens !== closes) problems.push(`unbalanced braces in "${template}"`);
  for (const match of template.matchAll(PLACEHOLDER)) {
    const [path, ...filters] = (match[1] ?? "").split("|").map((s) => s.trim());
    if (!path || !PATH.test(path)) {
      problems.push(
        `"{{${match[1]}}}" is not a known value (use target.id, target.service, target.group, target.attributes.<name> or target.tags.<name>)`,
      );
    }
    for (const filter of filters) {
      const [name, arg] = filter.split(":", 2).map((s) => s.trim());
      if (!name || !FILTERS.has(name)) problems.push(`unknown filter "${filter}" in "${template}"`);
      else if ((name === "plus" || name === "atMost" || name === "atLeast") && !arg) {
        problems.push(`filter "${name}" needs an argument, e.g. ${name}:2`);
      } else if (arg && !PATH.test(arg) && !Number.isFinite(Number(arg))) {
        problems.push(`filter argument "${arg}" is neither a number nor a target value`);
      }
    }
  }
  return problems;
}

function lookup(path: string, target: ResourceDescription): string | undefined {
  const [, head, ...rest] = path.split(".");
  const key = rest.join(".");
  switch (head) {
    case "id":
      return target.id;
    case "service":
      return target.service;
    case "group":
      return target.group;
    case "state":
      return target.state;
    case "attributes": {
      const value = target.attributes[key];
      return value === undefined ? undefined : String(value);
    }
    case "tags":
      return target.tags[key];
    default:
      return undefined;
  }
}

function argValue(arg: string, target: ResourceDescription): number {
  return PATH.test(arg) ? Number(lookup(arg, target)) : Number(arg);
}

function applyFilter(value: string, filter: string, target: ResourceDescription): string {
  const [name, arg = ""] = filter.split(":", 2).map((s) => s.trim());
  const list = value
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  switch (name) {
    case "double":
      return String(Number(value) * 2);
    case "plus":
      return String(Number(value) + Number(arg));
    case "atMost":
      return String(Math.min(Number(value), argValue(arg, target)));
    case "atLeast":
      return String(Math.max(Number(value), argValue(arg, target)));
    case "first":
      return list[0] ?? "";
    case "last":
      return list[list.length - 1] ?? "";
    default:
      return value;
  }
}

export interface RenderedParams {
  params: Record<string, string>;
  /** Template values the target does not have (the action cannot be planned without them). */
  missing: string[];
}

/** Fills every template in `params` from the target resource. */
export function renderParams(params: Record<string, string>, target: ResourceDescription): RenderedParams {
  const out: Record<string, string> = {};
  const missing: string[] = [];
  for (const [name, template] of Object.entries(params)) {
    out[name] = template.replace(PLACEHOLDER, (_whole, expr: string) => {
      const [path = "", ...filters] = expr.split("|").map((s) => s.trim());
      let value = lookup(path, target);
      if (value === undefined || value === "") {
        missing.push(path);
        return "";
      }
      for (const filter of filters) value = applyFilter(value, filter, target);
      if (value === "NaN") missing.push(expr.trim());
      return value;
    });
  }
  return { params: out, missing };
}
