import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { Command } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import { budgetOf } from "../budget.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue, Verification } from "../state.js";
import { audit, note } from "./common.js";
import { currentStage, routeStage } from "./stages.js";
import { badBeforeAction } from "./verify-baseline.js";
import { verificationTrend } from "./verify-outcome.js";
import { readBack } from "./verify-state.js";
import { alarmSignal, watchSignalsStep } from "./watch-signals.js";

export const VERIFY_NODE = "verify";
export const VERIFY_ENDS = ["record", "rollback", "escalate", "wait", "next-stage", "unwind"] as const;

/**
 * The verify node: did the action's named signal recover, and with it the incident's own alarm? If not,
 * roll back when the action made it worse (or itself failed) and can be undone; otherwise escalate with the
 * action left in place (a partial mitigation is not undone). A window longer than the invocation's budget is
 * watched across invocations: the node stores how far it got and asks for a wake-up at the next check.
 */
export function createVerifyNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue, config?: LangGraphRunnableConfig) => {
    const execution = state.execution!;
    const action = findAction(execution.actionId)!;
    const canRollBack = Boolean(action.rollback && execution.before);
    const stage = currentStage(state);
    let verification: Verification;
    if (execution.status === "Success" && stage && !stage.last && stage.stage.verifyBy === "state") {
      verification = await readBack(ports, action, execution);
    } else if (execution.status !== "Success") {
      verification = {
        recovered: false,
        signal: "execution status",
        observed: [],
        threshold: 0,
        waitedMinutes: 0,
        reason: `the action itself ended ${execution.status}`,
      };
    } else {
      const target = execution.before ?? (await ports.resources.describe(execution.target));
      const signal = action.successSignal(execution.params, target!);
      const alarm = alarmSignal(state.incident, signal);
      const sameAsAlarm =
        alarm &&
        alarm.metric === signal.metric &&
        JSON.stringify(alarm.dimensions) === JSON.stringify(signal.dimensions);
      // A stage before the last watches its own signal; the incident's alarm is the plan's goal.
      const watchAlarm = alarm && !sameAsAlarm && (!stage || stage.last);
      const signals: [typeof signal, ...(typeof signal)[]] = watchAlarm ? [signal, alarm] : [signal];
      const saved = state.watch?.executionId === execution.executionId ? state.watch : undefined;
      const progress = saved ?? {
        windowStart: ports.clock.now().toISOString(),
        minute: 0,
        observed: [],
        failing: 0,
      };
      const step = await watchSignalsStep(ports, signals, progress, budgetOf(config));
      if (!("verification" in step)) {
        return new Command({
          goto: "wait",
          update: {
            watch: { executionId: execution.executionId, ...step.progress },
            wakeup: {
              at: step.wakeAt,
              node: VERIFY_NODE,
              reason: `verification minute ${step.progress.minute + 1} of ${signal.deadlineMinutes}`,
            },
          },
        });
      }
      verification = step.verification;
      if (verification.recovered && !(await badBeforeAction(ports, signals, execution.startedAt))) {
        verification = {
          ...verification,
          badBeforeAction: false,
          reason: `${verification.reason}; but the signal was already good before the action, so this is not counted as a success`,
        };
      }
      if (!verification.recovered) {
        const seen = await verificationTrend(
          ports,
          signal,
          new Date(execution.startedAt),
          verification.observed,
        );
        if (seen) {
          const unit = (v: number) => Math.round(v * 10) / 10;
          verification = {
            ...verification,
            trend: seen.trend,
            reason: `${verification.reason}; ${signal.metric} went from ${unit(seen.before)} before the action to ${unit(seen.after)} (${seen.trend === "worse" ? "got worse" : seen.trend === "improved" ? "better, not fully recovered" : "no better"})`,
          };
        }
      }
    }
    await audit(ports, state.incident.id, VERIFY_NODE, "verification", verification.reason, { verification });
    // Roll back only what made things worse (or an action that itself failed, leaving an unknown state).
    const undo = verification.trend === undefined || verification.trend === "worse";
    const goto = stage
      ? routeStage(state, stage, verification, canRollBack)
      : verification.recovered
        ? "record"
        : canRollBack && undo
          ? "rollback"
          : "escalate";
    return new Command({
      goto,
      update: {
        verification,
        timeline: [
          note(
            ports,
            VERIFY_NODE,
            (stage ? `stage ${stage.index + 1} of ${stage.total}: ` : "") +
              (verification.recovered
                ? `recovered: ${verification.reason}`
                : `NOT recovered: ${verification.reason}`),
            `last values ${verification.observed.join(", ")}`,
          ),
        ],
      },
    });
  };
}
