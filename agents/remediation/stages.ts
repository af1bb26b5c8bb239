/**
 * Staged plans: a runbook action with `next` is the first stage of an ordered plan ("raise MaxSize, then set
 * the desired capacity"). Every stage is resolved now, against the target as the earlier stages will leave it
 * (each action's `projects`), so the plan a human approves is the plan that runs; the gate still judges each
 * stage against the real target when the stage starts, and refuses if reality differs from the projection.
 */
import { findAction } from "../../knowledge/actions/index.js";
import type { ActionDefinition } from "../../knowledge/actions/types.js";
import type { RunbookActionRef } from "../../knowledge/retrieval/types.js";
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { estimateCapacityNeed } from "./capacity-need.js";
import { applyTemplates, defaultParams } from "./params.js";
import { preCheck } from "./pre-checks.js";
import type { PlanStage } from "./schema.js";

/** Actions that undo one recorded change: only a first stage may be one (it needs the blamed change). */
const CHANGE_ROLLBACKS = new Set(["ecs-rollback-service", "lambda-rollback-alias"]);

export interface FirstStage {
  action: ActionDefinition;
  target: ResourceDescription;
  params: Record<string, unknown>;
}

/** The target as the stages so far will leave it. */
function projected(target: ResourceDescription, done: readonly FirstStage[]): ResourceDescription {
  let attributes = { ...target.attributes };
  for (const stage of done) {
    if (stage.target.id !== target.id || !stage.action.projects) continue;
    const after = stage.action.projects(stage.params, { ...target, attributes });
    attributes = { ...attributes, ...(after as ResourceDescription["attributes"]) };
  }
  return { ...target, attributes };
}

/** Later stages act on the first stage's target, or on a suspect of their own type. */
export type FindTarget = (targetType: string) => Promise<ResourceDescription | undefined>;

/**
 * Resolves the stages after `first`, or says why the plan cannot be made (then the runbook's next action is
 * tried). The first stage has already passed its pre-check; later stages get theirs now, on the projected
 * target, and again when they start.
 */
export async function resolveStages(
  ports: Ports,
  ref: RunbookActionRef,
  first: FirstStage,
  findTarget: FindTarget,
  alarmValue: number | undefined,
): Promise<{ stages: PlanStage[] } | { skip: string }> {
  const resolved: FirstStage[] = [first];
  const stages: PlanStage[] = [
    {
      actionId: first.action.id,
      params: first.params,
      target: first.action.targetOf(first.params),
      ...(ref.when ? { why: ref.when } : {}),
      verifyBy: ref.verifyBy ?? "signal",
      expect: ref.expect ?? "recovered",
      onFailure: ref.onFailure ?? "rollback-plan",
    },
  ];
  for (const [i, next] of (ref.next ?? []).entries()) {
    const label = `stage ${i + 2} (${next.actionId})`;
    const action = findAction(next.actionId);
    if (!action) return { skip: `${label} is not in the action catalogue` };
    if (CHANGE_ROLLBACKS.has(action.id))
      return { skip: `${label}: a rollback of a recorded change can only be a plan's first stage` };
    const base = action.targetType === first.target.type ? first.target : await findTarget(action.targetType);
    if (!base) return { skip: `${label}: no suspected ${action.targetType}` };
    const target = projected(base, resolved);
    const need =
      action.id === "asg-set-desired-capacity" ? await estimateCapacityNeed(ports, target) : undefined;
    const defaults = defaultParams(action.id, {
      target,
      ...(alarmValue === undefined ? {} : { alarmValue }),
      ...(need ? { needed: need.needed } : {}),
    });
    if (!defaults) return { skip: `${label} cannot help ${target.id} as the earlier stages leave it` };
    const parsed = action.params.safeParse(applyTemplates(next.params, target, defaults));
    if (!parsed.success)
      return { skip: `${label}: parameters do not validate (${parsed.error.issues[0]?.message})` };
    const blast = action.blastRadius(parsed.data, { target, siblings: [], recentActionsOnGroup: 0 });
    if (!blast.allowed) return { skip: `${label}: ${blast.reason}` };
    const unfit = await preCheck(ports, action.id, target);
    if (unfit) return { skip: `${label}: ${unfit}` };
    resolved.push({ action, target, params: parsed.data });
    stages.push({
      actionId: action.id,
      params: parsed.data,
      target: action.targetOf(parsed.data),
      ...(next.when ? { why: next.when } : {}),
      verifyBy: next.verifyBy,
      expect: next.expect,
      onFailure: next.onFailure,
    });
  }
  return { stages };
}
