import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import { canonicalJson } from "../../tools/canonical-json.js";
import { budgetOf } from "../budget.js";
import type { GraphDeps } from "../deps.js";
import { recheckBeforeSideEffect } from "../policy/recheck.js";
import type { IncidentStateValue } from "../state.js";
import { auditStarted, awaitingAction } from "./await-action.js";
import { audit, note } from "./common.js";
import { isFinished, pollAction, startAction } from "./run-action.js";

export const EXECUTE_NODE = "execute";

/** Runs the action the gate allowed (and, where needed, a human approved), exactly as gated. */
export function createExecuteNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue, config?: LangGraphRunnableConfig) => {
    const gate = state.gate;
    const action = gate?.actionId ? findAction(gate.actionId) : undefined;
    // The gate decides again right before the side effect; a state that did not come through it gains nothing.
    const check = await recheckBeforeSideEffect(deps, state);
    const claim = state.claim;
    const claimed =
      claim !== undefined &&
      claim.round === gate?.round &&
      claim.actionId === gate?.actionId &&
      canonicalJson(claim.params) === canonicalJson(gate?.params ?? {});
    if (!gate || !action || !check.ok || !claimed) {
      const why = !check.ok ? check.reasons.join(" ") : "no pending-action claim for this gate round";
      throw new Error(`execute refuses to act: ${why}`);
    }
    const params = action.params.parse(gate.params ?? {});
    const started = await startAction(ports, state.incident.id, action, params, `fix-${gate.round}`);
    await auditStarted(ports, state.incident.id, EXECUTE_NODE, "fix", started);
    const execution = await pollAction(ports, started, deps.pollSeconds, budgetOf(config));
    // Still running when the invocation's budget ends: checkpoint and continue in `await-action`.
    if (!isFinished(execution)) {
      if (claim.before) execution.before = claim.before;
      return {
        ...awaitingAction(ports, state.incident.id, EXECUTE_NODE, "fix", execution, deps.pollSeconds),
        incident: { ...state.incident, status: "mitigating" as const },
      };
    }
    await audit(
      ports,
      state.incident.id,
      EXECUTE_NODE,
      "action-executed",
      `${action.id} → ${execution.status}`,
      {
        execution: { ...execution, before: undefined },
      },
    );
    // The rollback snapshot is the one claim-action checkpointed before the action started.
    if (claim.before) execution.before = claim.before;
    return {
      execution,
      incident: { ...state.incident, status: "mitigating" as const },
      timeline: [
        note(
          ports,
          EXECUTE_NODE,
          `${action.id} on ${execution.target}: ${execution.status}`,
          `execution ${execution.executionId}, ClientToken ${execution.clientToken}`,
        ),
      ],
    };
  };
}
