/** What intake reports when it cannot use an event: what was wrong, where (a JSON path), and what to do. */
import type { z } from "zod";

export type IntakeErrorCode =
  /** Text input that is not JSON. */
  | "invalid-json"
  /** Not an event shape intake knows. */
  | "unrecognised-shape"
  /** A known AWS event that intake does not handle (e.g. SSM automation status). */
  | "unsupported-event"
  /** A known shape with a missing or wrong field. */
  | "invalid-field"
  /** Larger than any real event. */
  | "too-large"
  /** The input could not be read at all (e.g. a getter that throws). */
  | "unreadable";

export interface IntakeIssue {
  /** JSON path, e.g. `$.detail.state.value`. */
  path: string;
  message: string;
}

export interface IntakeError {
  code: IntakeErrorCode;
  /** What was wrong, in one sentence. */
  message: string;
  /** Where: the JSON path of the first problem (`$` for the whole input). */
  path: string;
  /** What to do about it. */
  hint: string;
  /** Every problem found (at most 10), the first one first. */
  issues: IntakeIssue[];
}

const MAX_ISSUES = 10;
const MAX_MESSAGE = 300;

/** `["detail", "state", 0, "detail-type"]` → `$.detail.state[0]["detail-type"]`. */
export function jsonPath(path: ReadonlyArray<PropertyKey>): string {
  let out = "$";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (typeof part === "string" && /^[A-Za-z_$][\w$]*$/.test(part)) out += `.${part}`;
    else out += `[${JSON.stringify(String(part).slice(0, 100))}]`;
  }
  return out;
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;
}

/** True when `path` leads to an absent key of an object in `input`; false when present or unknowable. */
function isMissing(input: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let current = input;
  for (const [index, key] of path.entries()) {
    if (typeof current !== "object" || current === null || typeof key === "symbol") return false;
    if (!Object.hasOwn(current, key)) return index === path.length - 1;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === undefined;
}

/** Says "required field is missing" when it is, with what was expected; zod's message otherwise. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const missing = isMissing(input, issue.path) || /received undefined/.test(issue.message);
  if (!missing) return clip(issue.message);
  if (issue.code === "invalid_type") return `required field is missing (expected ${issue.expected})`;
  if (issue.code === "invalid_value") {
    return clip(
      `required field is missing (expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")})`,
    );
  }
  return `required field is missing (${clip(issue.message)})`;
}

export function intakeError(
  code: IntakeErrorCode,
  message: string,
  hint: string,
  issues: IntakeIssue[] = [],
): IntakeError {
  return { code, message: clip(message), path: issues[0]?.path ?? "$", hint, issues };
}

/** Turns a zod failure for a recognised shape into an IntakeError (`input` is what was validated). */
export function fromZodError(error: z.ZodError, shape: string, hint: string, input: unknown): IntakeError {
  const issues = error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: jsonPath(issue.path),
    message: describeIssue(issue, input),
  }));
  const first = issues[0] ?? { path: "$", message: "invalid" };
  return intakeError("invalid-field", `${shape} is invalid at ${first.path}: ${first.message}`, hint, issues);
}
