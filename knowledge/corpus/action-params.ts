/** Links a runbook's action reference to the catalogue: parameter names, and rendering for a target. */
import type { z } from "zod";
import type { ResourceDescription } from "../../tools/domain/index.js";
import { type ActionDefinition, findAction } from "../actions/index.js";
import type { RunbookActionRef } from "../retrieval/types.js";
import { renderParams } from "./templates.js";

function shapeOf(action: ActionDefinition): Record<string, z.ZodType> {
  return action.params.shape as Record<string, z.ZodType>;
}

/** Every parameter name the action accepts. */
export function paramNames(action: ActionDefinition): string[] {
  return Object.keys(shapeOf(action));
}

/** Parameter names the action cannot run without. */
export function requiredParamNames(action: ActionDefinition): string[] {
  return Object.entries(shapeOf(action))
    .filter(([, schema]) => !schema.safeParse(undefined).success)
    .map(([name]) => name);
}

function wantsNumber(schema: z.ZodType): boolean {
  return !schema.safeParse("x").success && schema.safeParse(1).success;
}

/** A rendered template as the type the parameter takes: number or boolean when only that parses. */
function coerce(schema: z.ZodType | undefined, value: string): unknown {
  if (!schema || value.trim() === "" || schema.safeParse(value).success) return value;
  const n = Number(value);
  if (Number.isFinite(n) && schema.safeParse(n).success) return n;
  if ((value === "true" || value === "false") && schema.safeParse(value === "true").success) {
    return value === "true";
  }
  return wantsNumber(schema) ? n : value;
}

export interface PlannedAction {
  actionId: string;
  /** Rendered and type-coerced; still to be validated by the safety gate against the catalogue. */
  params: Record<string, unknown>;
  /** Template values the target lacks. Non-empty means the action cannot be proposed as is. */
  missing: string[];
}

/**
 * Renders a runbook action's parameter templates for a concrete target and coerces numeric parameters.
 * Throws when the action id is not in the catalogue.
 */
export function renderRunbookAction(ref: RunbookActionRef, target: ResourceDescription): PlannedAction {
  const action = findAction(ref.actionId);
  if (!action) throw new Error(`runbook action "${ref.actionId}" is not in the action catalogue`);
  const { params, missing } = renderParams(ref.params, target);
  const shape = shapeOf(action);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    out[name] = coerce(shape[name], value);
  }
  return { actionId: action.id, params: out, missing };
}
