/**
 * Shared by the fidelity tests (`*fidelity*.test.ts`): a bundled scenario run to its first alarm, an action
 * applied through the simulated account with time let pass, and the first fault's status.
 */
import { resolve } from "node:path";
import type { AutomationExecution } from "../../domain/index.js";
import { createSandbox, loadScenario, type Sandbox, type Scenario } from "../index.js";
import { runAction } from "../test-support.js";

/** A bundled scenario by id (`evals/scenarios/<id>.yaml`). */
export function bundledScenario(id: string): Scenario {
  return loadScenario(resolve(import.meta.dirname, "../../../evals/scenarios", `${id}.yaml`));
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
