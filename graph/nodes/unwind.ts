import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { Command } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import { budgetOf } from "../budget.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue, StageResult } from "../state.js";
import { auditStarted } from "./await-action.js";
import { audit, note } from "./common.js";
import { isFinished, nextPollAt, pollAction, startAction } from "./run-action.js";
import { stagesToUndo } from "./stages.js";

export const UNWIND_NODE = "unwind";
export const UNWIND_ENDS = ["escalate", "wait"] as const;

/**
 * After a stage failed (and was itself rolled back when it could be): undoes the earlier stages of the plan,
 * newest first, each with its catalogue rollback from the state recorded before it ran. One undo at a time;
 * an undo still running parks the run until its next status poll (this node continues it on wake-up). The
 * ClientToken `unwind-<stage>` makes a re-run after a crash find the undo it already started.
 */
export function createUnwindNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue, config?: LangGraphRunnableConfig) => {
    const results = [...state.stageResults];
    const lines = [];
    for (const pending of stagesToUndo(state)) {
      const at = results.findIndex((r) => r.index === pending.index);
      const stage = results[at] as StageResult;
      let undo = stage.rolledBack;
      if (!undo) {
        const action = findAction(stage.actionId)!;
        const plan = action.rollback!(stage.params, stage.execution.before!);
        const rollback = findAction(plan.actionId)!;
        undo = await startAction(
          ports,
          state.incident.id,
          rollback,
          rollback.params.parse(plan.params),
          `unwind-${stage.index}`,
        );
        await auditStarted(ports, state.incident.id, UNWIND_NODE, "rollback", undo);
      }
      if (!isFinished(undo)) undo = await pollAction(ports, undo, deps.pollSeconds, budgetOf(config));
      results[at] = { ...stage, rolledBack: undo };
      if (!isFinished(undo)) {
        return new Command({
          goto: "wait",
          update: {
            stageResults: results,
            wakeup: {
              at: nextPollAt(undo, deps.pollSeconds),
              node: UNWIND_NODE,
              reason: `undo of stage ${stage.index + 1} (${undo.actionId}) still running`,
            },
          },
        });
      }
      await audit(
        ports,
        state.incident.id,
        UNWIND_NODE,
        "rollback-executed",
        `stage ${stage.index + 1}: ${undo.actionId} → ${undo.status}`,
        { rollback: { ...undo, before: undefined }, stage: stage.index },
      );
      lines.push(
        note(
          ports,
          UNWIND_NODE,
          `undid stage ${stage.index + 1} (${stage.actionId}) with ${undo.actionId} ${JSON.stringify(undo.params)}: ${undo.status}`,
        ),
      );
    }
    return new Command({ goto: "escalate", update: { stageResults: results, timeline: lines } });
  };
}
