/**
 * Helpers for tests and eval runners that drive the sandbox's automation directly (without the graph).
 */
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { findAction } from "../../knowledge/actions/index.js";
import type { AutomationExecution, AutomationRequest } from "../domain/index.js";
import { createSandbox, type Sandbox } from "./sandbox.js";
import { loadScenario } from "./scenario/load.js";
import type { Scenario } from "./scenario/schema.js";

/** A request for a catalogue action with the catalogue's executor. */
export function actionRequest(
  actionId: string,
  parameters: Record<string, unknown>,
  clientToken: string = randomUUID(),
): AutomationRequest {
  const action = findAction(actionId);
  if (!action) throw new Error(`'${actionId}' is not in the action catalogue`);
  return { actionId, executor: action.executor, parameters, clientToken };
}

/** Starts an action and advances the clock until it finishes (at most `maxMinutes`). */
export async function runAction(
  sandbox: Sandbox,
  actionId: string,
  parameters: Record<string, unknown>,
  maxMinutes = 15,
): Promise<AutomationExecution> {
  const { automation, clock } = sandbox.ports;
  let execution = await automation.start(actionRequest(actionId, parameters));
  for (
    let i = 0;
    i < maxMinutes && (execution.status === "InProgress" || execution.status === "Pending");
    i++
  ) {
    await clock.sleep(60_000);
    execution = await automation.status(execution.executionId);
  }
  return execution;
}

/** The current state of one alarm. */
export async function alarmState(sandbox: Sandbox, name: string): Promise<string | undefined> {
  return (await sandbox.ports.alarms.describe(name))?.state;
}

/** Latest value of a metric over the last five minutes (NaN when there is none). */
export async function latestMetric(
  sb: Sandbox,
  namespace: string,
  metric: string,
  dimensions: Record<string, string>,
  stat = "Average",
): Promise<number> {
  const end = sb.clock.now();
  const series = await sb.ports.metrics.getSeries({
    namespace,
    metric,
    dimensions,
    start: new Date(end.getTime() - 5 * 60_000),
    end,
    stat,
  });
  return series.points.at(-1)?.value ?? Number.NaN;
}

/** A service's log messages over the last `minutes`, one per line. */
export async function logText(sb: Sandbox, service: string, minutes = 30): Promise<string> {
  const end = sb.clock.now();
  const lines = await sb.ports.logs.query({
    service,
    start: new Date(end.getTime() - minutes * 60_000),
    end,
  });
  return lines.map((l) => l.message).join("\n");
}

// Shared by the fidelity tests (`actions/*fidelity*.test.ts`).

/** A bundled scenario by id (`evals/scenarios/<id>.yaml`). */
export function bundledScenario(id: string): Scenario {
  return loadScenario(resolve(import.meta.dirname, "../../evals/scenarios", `${id}.yaml`));
}

/** The simulated account of a scenario (or a bundled id), run until its first alarm. */
export function sandboxAtAlarm(scenario: Scenario | string): Sandbox {
  const sb = createSandbox(typeof scenario === "string" ? bundledScenario(scenario) : scenario);
  sb.runUntilAlarm();
  return sb;
}

/** The status of the scenario's first fault ("active", "resolved", ...). */
export const firstFaultStatus = (sb: Sandbox) => sb.faults()[0]?.status;

/**
 * Runs a catalogue action, then lets `minutes` pass. With `requireSuccess` an execution that did not succeed
 * throws (the test is about the effect, not about the call being refused).
 */
export async function applyThenWait(
  sb: Sandbox,
  actionId: string,
  params: Record<string, unknown>,
  minutes = 10,
  requireSuccess = false,
): Promise<AutomationExecution> {
  const execution = await runAction(sb, actionId, params);
  if (requireSuccess && execution.status !== "Success")
    throw new Error(`${actionId} ended ${execution.status}: ${execution.output ?? ""}`);
  sb.advance(minutes);
  return execution;
}
