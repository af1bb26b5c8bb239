/**
 * The eval gate: bounds on summary metrics, read from a YAML file (evals/thresholds.yaml by default), and
 * the check that turns a summary into pass/fail with one line per bound.
 */
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { Summary } from "./scorers/index.js";

const BoundSchema = z
  .strictObject({ min: z.number().optional(), max: z.number().optional() })
  .refine((b) => b.min !== undefined || b.max !== undefined, "give min, max or both");

export const ThresholdsSchema = z.record(z.string(), BoundSchema);
export type Thresholds = z.infer<typeof ThresholdsSchema>;

export interface GateCheck {
  metric: string;
  value: number | null;
  passed: boolean;
  description: string;
}

export interface GateResult {
  passed: boolean;
  checks: GateCheck[];
}

/** Reads and validates a thresholds file; errors name the file and the bad entry. */
export function loadThresholds(path: string): Thresholds {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`cannot read thresholds ${path}: ${(error as Error).message}`);
  }
  const parsed = ThresholdsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `thresholds ${path}: '${issue?.path.join(".")}' ${issue?.message}; write e.g. passRate: { min: 0.9 }`,
    );
  }
  return parsed.data;
}

/**
 * Checks every bound. A metric the summary does not have is an error; one that is null (nothing in the
 * selection applies, e.g. escalation F1 with no escalation case) passes and says so.
 */
export function checkGate(summary: Summary, thresholds: Thresholds): GateResult {
  const values = summary as unknown as Record<string, unknown>;
  const checks = Object.entries(thresholds).map(([metric, bound]): GateCheck => {
    if (!(metric in values)) {
      return { metric, value: null, passed: false, description: `${metric}: not a summary metric` };
    }
    const raw = values[metric];
    const value = typeof raw === "number" ? raw : null;
    if (raw === null) {
      return {
        metric,
        value,
        passed: true,
        description: `${metric} = n/a (no scenario in this selection applies)`,
      };
    }
    const okMin = bound.min === undefined || (value !== null && value >= bound.min);
    const okMax = bound.max === undefined || (value !== null && value <= bound.max);
    const want = [
      bound.min !== undefined ? `≥ ${bound.min}` : "",
      bound.max !== undefined ? `≤ ${bound.max}` : "",
    ]
      .filter(Boolean)
      .join(" and ");
    return {
      metric,
      value,
      passed: okMin && okMax,
      description: `${metric} = ${value ?? "n/a"} (want ${want})`,
    };
  });
  return { passed: checks.every((c) => c.passed), checks };
}
