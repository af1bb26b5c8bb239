/**
 * Simulated time and cost. The virtual clock already advances for actions and verification; reads made
 * during the investigation and model calls do not move it, so they are charged here at fixed rates.
 */
import type { ScenarioRun } from "../harness/run-scenario.js";

/** Simulated seconds charged per read of the account during the investigation. */
export const TOOL_CALL_SECONDS = 5;
/** Simulated seconds charged per model call. */
export const MODEL_CALL_SECONDS = 10;

function charged(run: ScenarioRun): number {
  return run.calls.investigation * TOOL_CALL_SECONDS + (run.state?.cost.modelCalls ?? 0) * MODEL_CALL_SECONDS;
}

function secondsSinceAlarm(run: ScenarioRun, time: string | undefined): number | null {
  if (!run.alarm || !time) return null;
  return Math.round((Date.parse(time) - Date.parse(run.alarm.time)) / 1000) + charged(run);
}

/** From the alarm to the moment verification saw the signal recover. */
export function timeToMitigateSeconds(run: ScenarioRun): number | null {
  const state = run.state;
  if (!state?.verification?.recovered) return null;
  const verified = state.timeline.filter((t) => t.node === "verify").at(-1)?.time;
  return secondsSinceAlarm(run, verified);
}

/** From the alarm to the gate's decision, or to the escalation when the gate was never reached. */
export function timeToDecisionSeconds(run: ScenarioRun): number | null {
  const state = run.state;
  if (!state) return null;
  const decided = state.timeline.find((t) => t.node === "safety-gate" || t.node === "escalate")?.time;
  return secondsSinceAlarm(run, decided);
}

export function costOf(run: ScenarioRun) {
  const c = run.state?.cost;
  return {
    modelCalls: c?.modelCalls ?? 0,
    inputTokens: c?.inputTokens ?? 0,
    outputTokens: c?.outputTokens ?? 0,
    usd: Math.round((c?.usd ?? 0) * 1e6) / 1e6,
  };
}
