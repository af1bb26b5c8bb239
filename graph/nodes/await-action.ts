import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { Command } from "@langchain/langgraph";
import type { Ports } from "../../tools/ports.js";
import { budgetOf } from "../budget.js";
import type { GraphDeps } from "../deps.js";
import type { Execution, IncidentStateValue, Wakeup } from "../state.js";
import { audit, note } from "./common.js";
import { isFinished, nextPollAt, pollAction } from "./run-action.js";
import { stagesToUndo } from "./stages.js";

/** After a rollback ended: the earlier stages of a staged plan to undo, if any, else escalate. */
function afterRollback(state: IncidentStateValue): "unwind" | "escalate" {
  return stagesToUndo(state).length > 0 ? "unwind" : "escalate";
}

export const AWAIT_ACTION_NODE = "await-action";
export const AWAIT_ROLLBACK_NODE = "await-rollback";

type Which = "fix" | "rollback";
const NODE: Record<Which, Wakeup["node"]> = { fix: AWAIT_ACTION_NODE, rollback: AWAIT_ROLLBACK_NODE };

/**
 * Audits that an action started, right after the start call and before any polling, so the trail is the
 * same whether the action ends within this invocation or a later one (and whether a crash came between).
 */
export async function auditStarted(
  ports: Ports,
  incidentId: string,
  node: string,
  which: Which,
  execution: Execution,
): Promise<void> {
  await audit(
    ports,
    incidentId,
    node,
    `${which === "fix" ? "action" : "rollback"}-started`,
    execution.actionId,
    {
      execution: { ...execution, before: undefined },
    },
  );
}

/**
 * The update that parks a still-running action: its progress and the wake-up for the next status poll.
 * The action was started once (the ClientToken makes a repeat find it); from here on only reads happen,
 * in `await-action` / `await-rollback`.
 */
export function awaitingAction(
  ports: Ports,
  _incidentId: string,
  node: string,
  which: Which,
  execution: Execution,
  pollSeconds?: number,
) {
  const at = nextPollAt(execution, pollSeconds);
  return {
    [which === "fix" ? "execution" : "rollbackExecution"]: execution,
    wakeup: { at, node: NODE[which], reason: `${execution.actionId} ${execution.executionId} still running` },
    timeline: [
      note(
        ports,
        node,
        `${execution.actionId} on ${execution.target}: started, still running; next poll at ${at}`,
        `execution ${execution.executionId}, ClientToken ${execution.clientToken}`,
      ),
    ],
  };
}

/** After `execute` or `rollback`: verify/escalate once the action ended, else wait for the next poll. */
export function routeAfterAction(which: Which) {
  return (state: IncidentStateValue): "verify" | "escalate" | "unwind" | "wait" => {
    const execution = which === "fix" ? state.execution : state.rollbackExecution;
    if (!isFinished(execution)) return "wait";
    return which === "fix" ? "verify" : afterRollback(state);
  };
}

/** Continues polling a running action after a wake-up; read-only, so a repeated wake-up polls once more. */
export function createAwaitActionNode(deps: GraphDeps, which: Which) {
  const { ports } = deps;
  const node = NODE[which];
  const field = which === "fix" ? "execution" : "rollbackExecution";
  return async (state: IncidentStateValue, config?: LangGraphRunnableConfig) => {
    const pending = state[field];
    if (!pending) throw new Error(`${node} reached with no ${field} to wait for`);
    const execution = isFinished(pending)
      ? pending
      : await pollAction(ports, pending, deps.pollSeconds, budgetOf(config));
    if (!isFinished(execution)) {
      const at = nextPollAt(execution, deps.pollSeconds);
      return new Command({
        goto: "wait",
        update: {
          [field]: execution,
          wakeup: { at, node, reason: `${execution.actionId} ${execution.executionId} still running` },
        },
      });
    }
    const kind = which === "fix" ? "action-executed" : "rollback-executed";
    await audit(ports, state.incident.id, node, kind, `${execution.actionId} → ${execution.status}`, {
      [which === "fix" ? "execution" : "rollback"]: { ...execution, before: undefined },
    });
    return new Command({
      goto: which === "fix" ? "verify" : afterRollback(state),
      update: {
        [field]: execution,
        ...(which === "fix" ? { incident: { ...state.incident, status: "mitigating" as const } } : {}),
        timeline: [
          note(
            ports,
            node,
            `${execution.actionId} on ${execution.target}: ${execution.status}`,
            `execution ${execution.executionId}, ClientToken ${execution.clientToken}`,
          ),
        ],
      },
    });
  };
}

export const AWAIT_ENDS = ["verify", "escalate", "unwind", "wait"] as const;
