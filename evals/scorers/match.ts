/**
 * Matching what the responder did against ground truth: an action against acceptable or forbidden
 * variants (parameter matchers included), and a resource name against root causes and their aliases.
 */
import type { ActionRef, RootCause } from "../scenario/index.js";

/** An action as proposed or run. */
export interface ActionTaken {
  actionId: string;
  params: Record<string, unknown>;
}

function isMatcher(value: unknown): value is { min?: number; max?: number; oneOf?: unknown[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === "min" || k === "max" || k === "oneOf");
}

/** True when `actual` satisfies an expected parameter value or matcher. */
export function paramMatches(expected: unknown, actual: unknown): boolean {
  if (isMatcher(expected)) {
    if (expected.oneOf && !expected.oneOf.some((v) => String(v) === String(actual))) return false;
    const n = Number(actual);
    if (expected.min !== undefined && !(n >= expected.min)) return false;
    if (expected.max !== undefined && !(n <= expected.max)) return false;
    return true;
  }
  return String(expected) === String(actual);
}

/** True when the action is the referenced one and every parameter the reference names matches. */
export function actionMatches(ref: ActionRef, action: ActionTaken): boolean {
  if (ref.actionId !== action.actionId) return false;
  return Object.entries(ref.params ?? {}).every(([k, v]) => paramMatches(v, action.params[k]));
}

export function matchesAny(refs: readonly ActionRef[], action: ActionTaken): boolean {
  return refs.some((r) => actionMatches(r, action));
}

/** The last path segment of an ARN-like id, for loose comparison. */
function normalise(name: string): string {
  return name.trim().toLowerCase();
}

/** True when a named resource is one of the root causes (by id or alias, ignoring case; ARNs by suffix). */
export function isRootCause(name: string, causes: readonly RootCause[]): boolean {
  const n = normalise(name);
  return causes.some((c) =>
    [c.id, ...c.aliases].some((alias) => {
      const a = normalise(alias);
      return n === a || (n.startsWith("arn:") && (n.endsWith(`/${a}`) || n.endsWith(`:${a}`)));
    }),
  );
}
