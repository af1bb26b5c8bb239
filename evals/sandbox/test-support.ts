/**
 * Helpers for tests and eval runners that drive the sandbox's automation directly (without the graph).
 */
import { randomUUID } from "node:crypto";
import { findAction } from "../../knowledge/actions/index.js";
import type { AutomationExecution, AutomationRequest } from "../../tools/domain/index.js";
import type { Sandbox } from "./sandbox.js";

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
