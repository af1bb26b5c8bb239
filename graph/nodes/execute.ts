import { findAction } from "../../knowledge/actions/index.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { audit, note } from "./common.js";
import { runAction } from "./run-action.js";

export const EXECUTE_NODE = "execute";

/** Runs the action the gate allowed (and, where needed, a human approved), exactly as gated. */
export function createExecuteNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const gate = state.gate;
    const action = gate?.actionId ? findAction(gate.actionId) : undefined;
    const permitted =
      gate &&
      (gate.outcome === "auto" || (gate.outcome === "approve" && state.humanDecision?.decision !== "reject"));
    if (!gate || !action || !permitted) {
      throw new Error(
        `execute reached without a permitting gate decision (gate: ${gate?.outcome ?? "none"}); refusing to act`,
      );
    }
    const params = action.params.parse(gate.params ?? {});
    const execution = await runAction(
      ports,
      state.incident.id,
      action,
      params,
      `fix-${gate.round}`,
      deps.pollSeconds,
    );
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
