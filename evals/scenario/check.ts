/**
 * Cross-reference checks of the ground truth: catalogue action ids and their parameters, alarms and resources
 * that must exist in the scenario. Each issue says what to do.
 */
import { GatePolicyError } from "../../graph/policy/config.js";
import { actionIds, findAction } from "../../knowledge/actions/index.js";
import { declaredTargets, listed, type ScenarioIssue } from "../../tools/sandbox/index.js";
import { scenarioPolicy } from "./policy.js";
import type { Scenario } from "./schema.js";

/** A parameter matcher (`{ min, max }` or `{ oneOf }`) rather than an exact value. */
export function isMatcher(value: unknown): value is { min?: number; max?: number; oneOf?: unknown[] } {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => k === "min" || k === "max" || k === "oneOf");
}

/** Every cross-reference problem of a scenario's ground truth (actions, alarms, resources it names). */
export function checkGroundTruth(scenario: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  const allIds = Object.values(declaredTargets(scenario)).flat();
  const truth = scenario.groundTruth;
  truth.forbiddenActions.forEach((a, i) => {
    if (!findAction(a.actionId)) {
      add(
        ["groundTruth", "forbiddenActions", i, "actionId"],
        `'${a.actionId}' is not in the action catalogue; use one of ${actionIds().join(", ")}`,
      );
    }
  });
  const alarms = scenario.triggers.map((t) => t.name);
  truth.recovery.alarms?.forEach((name, i) => {
    if (!alarms.includes(name))
      add(["groundTruth", "recovery", "alarms", i], `unknown alarm '${name}'; use one of ${listed(alarms)}`);
  });
  truth.acceptableActions.forEach((a, i) => {
    const path = ["groundTruth", "acceptableActions", i];
    const action = findAction(a.actionId);
    if (!action) {
      add(
        [...path, "actionId"],
        `'${a.actionId}' is not in the action catalogue; use one of ${actionIds().join(", ")}`,
      );
      return;
    }
    const exact = Object.fromEntries(Object.entries(a.params ?? {}).filter(([, v]) => !isMatcher(v)));
    const params = action.params.partial().safeParse(exact);
    if (!params.success) {
      for (const issue of params.error.issues)
        add([...path, "params", ...issue.path.map(String)], issue.message);
    }
  });
  truth.rootCauseResources.forEach(({ id }, i) => {
    if (!allIds.includes(id))
      add(["groundTruth", "rootCauseResources", i], `unknown resource '${id}'; use one of ${listed(allIds)}`);
  });
  try {
    scenarioPolicy(scenario);
  } catch (e) {
    if (!(e instanceof GatePolicyError)) throw e;
    add(["policy"], e.message);
  }
  return issues;
}
