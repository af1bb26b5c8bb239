/**
 * A readable, serialisable view of the catalogue for people (`air actions list|show`) and for tools (`--json`):
 * what each action does, how it runs (SSM document, script or API call), its risk, how it is undone and the
 * signal that must recover. Derived from the definitions, never written by hand.
 */
import { z } from "zod";
import type { ResourceDescription } from "../../tools/domain/index.js";
import { ACTION_CATALOGUE, findAction } from "./catalogue.js";
import type { ActionDefinition, Risk } from "./types.js";

export interface ActionSummary {
  id: string;
  title: string;
  description: string;
  targetType: string;
  risk: Risk;
  /** True when the direction of a change can raise the risk (e.g. scale-in is at least medium). */
  riskRaisedByDirection: boolean;
  reversible: boolean;
  /** The catalogue action that undoes it, when there is one. */
  rollbackAction?: string;
  /** `ssm-automation AWS-RestartEC2Instance`, `api ecs:UpdateService`, `run-command AWS-RunShellScript (script)`. */
  runsAs: string;
  /** The signal that must recover: `namespace/metric`. */
  successSignal: string;
  /** JSON Schema of the parameters (strict: no other keys accepted). */
  parameters: unknown;
}

const EMPTY_TARGET: ResourceDescription = {
  id: "",
  type: "ec2-instance",
  service: "",
  state: "",
  tags: {},
  attributes: {},
};

function runsAs(action: ActionDefinition): string {
  const e = action.executor;
  if (e.type === "ssm-automation") return `ssm-automation ${e.document}`;
  if (e.type === "run-command") return `run-command ${e.document} (${e.scriptId})`;
  return `api ${e.operation}`;
}

export function summarizeAction(action: ActionDefinition): ActionSummary {
  // Rollback and signal builders read only parameters and attributes: empty ones name the action and metric.
  const rollback = action.rollback?.({} as never, EMPTY_TARGET).actionId;
  const signal = action.successSignal({} as never, EMPTY_TARGET);
  return {
    id: action.id,
    title: action.title,
    description: action.description,
    targetType: action.targetType,
    risk: action.risk,
    riskRaisedByDirection: action.riskFor !== undefined,
    reversible: action.reversible,
    ...(rollback ? { rollbackAction: rollback } : {}),
    runsAs: runsAs(action),
    successSignal: `${signal.namespace}/${signal.metric}`,
    parameters: z.toJSONSchema(action.params),
  };
}

export function catalogueSummary(): ActionSummary[] {
  return ACTION_CATALOGUE.map(summarizeAction);
}

export function actionSummary(id: string): ActionSummary | undefined {
  const action = findAction(id);
  return action ? summarizeAction(action) : undefined;
}
