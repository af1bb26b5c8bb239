import { renderParams } from "../../knowledge/corpus/templates.js";
import type { ChangeEvent, ResourceDescription } from "../../tools/domain/index.js";
import { familyDefaults } from "./family-params.js";

/** Utilisation a capacity change aims for, in percent. */
export const TARGET_UTILISATION = 50;

function firstOf(list: unknown): string | undefined {
  return String(list ?? "")
    .split(",")
    .map((s) => s.trim())
    .find(Boolean);
}

export interface ParamContext {
  target: ResourceDescription;
  /** Latest value of the alarm's metric, when known. */
  alarmValue?: number;
  /** The change being undone, when the action is a rollback: its `from` is the revision to go back to. */
  change?: ChangeEvent;
  /** Instances the evidence says the group needs (capacity-need.ts), when known. */
  needed?: number;
  /** The revision to roll back to when deployment history named one (last-known-good.ts). */
  rollbackTo?: string;
}

/** The largest desired capacity one step may set: the group's MaxSize, and at most doubling (the catalogue's bound). */
export function capacityStepBound(current: number, max: number): number {
  return Math.min(max, Math.max(current * 2, current + 2));
}

/**
 * Default parameters for each catalogue action, computed from the target's current state. Returns
 * undefined when the action cannot help (no earlier revision, group already at its maximum...).
 */
export function defaultParams(
  actionId: string,
  { target, alarmValue, change, needed, rollbackTo }: ParamContext,
): Record<string, unknown> | undefined {
  const a = target.attributes;
  /** The blamed change's starting point, when it is a revision the target ran before. */
  const undo = (known: unknown) =>
    change?.from &&
    String(known ?? "")
      .split(",")
      .includes(change.from)
      ? change.from
      : undefined;
  switch (actionId) {
    case "ec2-restart-instance":
    case "ec2-cleanup-rotated-logs":
      return { InstanceId: target.id };
    case "ecs-rollback-service": {
      const previous =
        rollbackTo ??
        undo(a.previousTaskDefinitions) ??
        firstOf(a.previousTaskDefinitions) ??
        (a.previousTaskDefinition as string | undefined);
      if (!previous) return undefined;
      return {
        cluster: String(a.cluster ?? ""),
        service: String(a.service ?? target.id),
        taskDefinition: previous,
      };
    }
    case "lambda-rollback-alias": {
      const previous = rollbackTo ?? undo(a.previousVersions) ?? firstOf(a.previousVersions);
      if (!previous) return undefined;
      return {
        functionName: String(a.functionName ?? target.id),
        alias: String(a.alias ?? "live"),
        version: previous,
      };
    }
    case "asg-set-desired-capacity": {
      const current = Number(a.desiredCapacity ?? 0);
      const max = Number(a.maxSize ?? 0);
      if (current >= max) return undefined;
      const load = alarmValue ?? TARGET_UTILISATION * 2;
      const want = needed ?? Math.ceil((current * load) / TARGET_UTILISATION);
      return {
        AutoScalingGroupName: target.id,
        DesiredCapacity: Math.min(capacityStepBound(current, max), Math.max(current + 1, want)),
      };
    }
    default: {
      const family = familyDefaults(actionId, target);
      return family.known ? family.params : {};
    }
  }
}

/**
 * Applies a runbook's parameter templates (rendered by the knowledge layer, pure data lookup) over the
 * computed defaults. A template with any unresolved value is dropped rather than passed on half-filled;
 * numeric results become numbers where the default is a number.
 */
export function applyTemplates(
  templates: Record<string, string>,
  target: ResourceDescription,
  defaults: Record<string, unknown>,
  /** Parameters the evidence decided (e.g. the last known good revision): a template never overrides them. */
  keep: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...defaults };
  for (const [name, template] of Object.entries(templates)) {
    if (keep.includes(name)) continue;
    const { params, missing } = renderParams({ [name]: template }, target);
    const rendered = params[name];
    if (missing.length > 0 || rendered === undefined || rendered === "") continue;
    out[name] =
      typeof defaults[name] === "number" && /^-?\d+(\.\d+)?$/.test(rendered)
        ? Number(rendered)
        : typeof defaults[name] === "boolean" && (rendered === "true" || rendered === "false")
          ? rendered === "true"
          : rendered;
  }
  return out;
}
