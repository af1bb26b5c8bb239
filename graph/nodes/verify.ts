import { Command } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import type { SuccessSignal } from "../../knowledge/actions/types.js";
import type { Ports } from "../../tools/ports.js";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue, Verification } from "../state.js";
import { audit, note } from "./common.js";

export const VERIFY_NODE = "verify";
export const VERIFY_ENDS = ["record", "rollback", "escalate"] as const;

function good(value: number, signal: SuccessSignal) {
  return signal.recoveredWhen === "below" ? value < signal.threshold : value > signal.threshold;
}

/** Watches the action's success signal minute by minute until it holds for `datapoints` minutes or the deadline passes. */
export async function watchSignal(ports: Ports, signal: SuccessSignal): Promise<Verification> {
  const name = `${signal.namespace}/${signal.metric} ${JSON.stringify(signal.dimensions)} ${signal.recoveredWhen} ${signal.threshold}`;
  let observed: number[] = [];
  for (let minute = 1; minute <= signal.deadlineMinutes; minute++) {
    await ports.clock.sleep(60_000);
    const end = ports.clock.now();
    const series = await ports.metrics.getSeries({
      namespace: signal.namespace,
      metric: signal.metric,
      dimensions: signal.dimensions,
      stat: signal.stat,
      start: new Date(end.getTime() - signal.datapoints * 60_000),
      end,
    });
    observed = series.points.slice(-signal.datapoints).map((p) => Math.round(p.value * 100) / 100);
    if (observed.length >= signal.datapoints && observed.every((v) => good(v, signal))) {
      return {
        recovered: true,
        signal: name,
        observed,
        threshold: signal.threshold,
        waitedMinutes: minute,
        reason: `${signal.metric} ${signal.recoveredWhen} ${signal.threshold} for ${signal.datapoints} minute(s)`,
      };
    }
  }
  return {
    recovered: false,
    signal: name,
    observed,
    threshold: signal.threshold,
    waitedMinutes: signal.deadlineMinutes,
    reason: `${signal.metric} did not recover within ${signal.deadlineMinutes} minutes`,
  };
}

/** The verify node: did the named signal recover? If not, roll back when the action can be undone. */
export function createVerifyNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const execution = state.execution!;
    const action = findAction(execution.actionId)!;
    const canRollBack = Boolean(action.rollback && execution.before);
    let verification: Verification;
    if (execution.status !== "Success") {
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
      verification = await watchSignal(ports, action.successSignal(execution.params, target!));
    }
    await audit(ports, state.incident.id, VERIFY_NODE, "verification", verification.reason, { verification });
    const goto = verification.recovered ? "record" : canRollBack ? "rollback" : "escalate";
    return new Command({
      goto,
      update: {
        verification,
        timeline: [
          note(
            ports,
            VERIFY_NODE,
            verification.recovered
              ? `recovered: ${verification.reason}`
              : `NOT recovered: ${verification.reason}`,
            `last values ${verification.observed.join(", ")}`,
          ),
        ],
      },
    });
  };
}
