/**
 * What a staged plan may be, whoever wrote it (a runbook or a model): each stage names the resource its own
 * parameters change, and a plan changes each resource with each action at most once. Without the second rule
 * a plan could repeat a bounded step ("at most double") five times, and since a plan's own earlier stages do
 * not count against the per-resource rate limit, nothing else would stop it.
 */
import { findAction } from "../../knowledge/actions/index.js";
import type { IncidentStateValue } from "../state.js";

export function planShapeProblem(plan: IncidentStateValue["plan"]): string | undefined {
  const stages = plan?.stages;
  if (!stages) return undefined;
  const seen = new Set<string>();
  for (const [i, stage] of stages.entries()) {
    const action = findAction(stage.actionId);
    if (!action) return `stage ${i + 1}: ${stage.actionId} is not in the action catalogue`;
    const parsed = action.params.safeParse(stage.params);
    if (!parsed.success) return `stage ${i + 1}: the parameters of ${stage.actionId} do not validate`;
    const target = action.targetOf(parsed.data);
    if (target !== stage.target)
      return `stage ${i + 1} says it changes ${stage.target}, but its parameters change ${target}`;
    const key = `${action.id}\u0000${target}`;
    if (seen.has(key))
      return `stage ${i + 1} repeats ${action.id} on ${target}: a staged plan changes each resource with each action once`;
    seen.add(key);
  }
  return undefined;
}
