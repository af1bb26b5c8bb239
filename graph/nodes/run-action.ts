import type { ActionDefinition } from "../../knowledge/actions/types.js";
import type { AutomationExecution } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { Execution } from "../state.js";
import { clientToken } from "./client-token.js";

const TERMINAL = new Set(["Success", "Failed", "Cancelled", "TimedOut"]);
/** Longest the responder waits for one automation before calling it timed out. */
export const EXECUTION_TIMEOUT_MINUTES = 30;

/**
 * Starts one catalogue action with an idempotency token and waits for it to finish. Calling it again with
 * the same incident, action, parameters and attempt label finds the first execution instead of starting one.
 */
export async function runAction(
  ports: Ports,
  incidentId: string,
  action: ActionDefinition,
  params: Record<string, unknown>,
  attempt: string,
  pollSeconds = 30,
): Promise<Execution> {
  const target = action.targetOf(params);
  const before = await ports.resources.describe(target);
  const token = clientToken(incidentId, action.id, params, attempt);
  let execution: AutomationExecution = await ports.automation.start({
    actionId: action.id,
    executor: action.executor,
    parameters: params,
    clientToken: token,
  });
  const deadline = ports.clock.now().getTime() + EXECUTION_TIMEOUT_MINUTES * 60_000;
  while (!TERMINAL.has(execution.status) && ports.clock.now().getTime() < deadline) {
    await ports.clock.sleep(pollSeconds * 1000);
    execution = await ports.automation.status(execution.executionId);
  }
  return {
    actionId: action.id,
    params,
    target,
    clientToken: token,
    executionId: execution.executionId,
    status: TERMINAL.has(execution.status) ? execution.status : "TimedOut",
    startedAt: execution.startedAt,
    endedAt: execution.endedAt ?? ports.clock.now().toISOString(),
    before,
  };
}
