import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import { budgetOf } from "../budget.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { auditStarted, awaitingAction } from "./await-action.js";
import { audit, note } from "./common.js";
import { isFinished, pollAction, startAction } from "./run-action.js";

export const ROLLBACK_NODE = "rollback";

/** Undoes a fix that did not work, with the catalogue's rollback for that action. */
export function createRollbackNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue, config?: LangGraphRunnableConfig) => {
    const execution = state.execution!;
    const action = findAction(execution.actionId)!;
    const plan = action.rollback!(execution.params, execution.before!);
    const undo = findAction(plan.actionId)!;
    const params = undo.params.parse(plan.params);
    const started = await startAction(
      ports,
      state.incident.id,
      undo,
      params,
      `rollback-${state.gate?.round ?? 1}`,
    );
    await auditStarted(ports, state.incident.id, ROLLBACK_NODE, "rollback", started);
    const rollback = await pollAction(ports, started, deps.pollSeconds, budgetOf(config));
    if (!isFinished(rollback))
      return awaitingAction(ports, state.incident.id, ROLLBACK_NODE, "rollback", rollback, deps.pollSeconds);
    await audit(
      ports,
      state.incident.id,
      ROLLBACK_NODE,
      "rollback-executed",
      `${undo.id} → ${rollback.status}`,
      {
        rollback: { ...rollback, before: undefined },
      },
    );
    return {
      rollbackExecution: rollback,
      timeline: [
        note(
          ports,
          ROLLBACK_NODE,
          `rolled back with ${undo.id} ${JSON.stringify(params)}: ${rollback.status}`,
        ),
      ],
    };
  };
}
