import type { ActionDefinition } from "../../knowledge/actions/types.js";
import type { Ports } from "../../tools/ports.js";
import { fitsBudget, type InvocationBudget } from "../budget.js";
import type { Execution } from "../state.js";
import { clientToken } from "./client-token.js";

const TERMINAL = new Set(["Success", "Failed", "Cancelled", "TimedOut"]);
/** Longest the responder waits for one automation before calling it timed out. */
export const EXECUTION_TIMEOUT_MINUTES = 30;
/** Default seconds between status polls of a running automation. */
export const DEFAULT_POLL_SECONDS = 30;

/** True once the action ended (or the responder stopped waiting for it). */
export function isFinished(execution: Execution | undefined): boolean {
  return Boolean(execution && TERMINAL.has(execution.status));
}

/** When the next status poll of a running action is due. */
export function nextPollAt(execution: Execution, pollSeconds = DEFAULT_POLL_SECONDS): string {
  const last = Date.parse(execution.polledAt ?? execution.startedAt);
  return new Date(last + pollSeconds * 1000).toISOString();
}

/**
 * Starts one catalogue action with an idempotency token. Calling it again with the same incident, action,
 * parameters and attempt label finds the first execution instead of starting one.
 */
export async function startAction(
  ports: Ports,
  incidentId: string,
  action: ActionDefinition,
  params: Record<string, unknown>,
  attempt: string,
): Promise<Execution> {
  const target = action.targetOf(params);
  const before = await ports.resources.describe(target);
  const token = clientToken(incidentId, action.id, params, attempt);
  const started = await ports.automation.start({
    actionId: action.id,
    executor: action.executor,
    parameters: params,
    clientToken: token,
  });
  const now = ports.clock.now().getTime();
  return {
    actionId: action.id,
    params,
    target,
    clientToken: token,
    executionId: started.executionId,
    status: started.status,
    startedAt: started.startedAt,
    ...(started.endedAt ? { endedAt: started.endedAt } : {}),
    before,
    polls: 0,
    polledAt: new Date(now).toISOString(),
    giveUpAt: new Date(now + EXECUTION_TIMEOUT_MINUTES * 60_000).toISOString(),
  };
}

/**
 * Polls a started action until it ends, the responder gives up on it (TimedOut), or the next poll would
 * fall outside the invocation budget — then it returns the execution still running, with its progress, so
 * a later invocation continues with the next poll. Reads only: safe to repeat.
 */
export async function pollAction(
  ports: Ports,
  execution: Execution,
  pollSeconds = DEFAULT_POLL_SECONDS,
  budget?: InvocationBudget,
): Promise<Execution> {
  let current = execution;
  const giveUp = Date.parse(current.giveUpAt ?? current.startedAt) || 0;
  while (!TERMINAL.has(current.status) && Date.parse(current.polledAt ?? current.startedAt) < giveUp) {
    const wait = Date.parse(nextPollAt(current, pollSeconds)) - ports.clock.now().getTime();
    if (wait > 0) {
      if (!fitsBudget(budget, ports.clock, wait)) return current;
      await ports.clock.sleep(wait);
    }
    const status = await ports.automation.status(current.executionId);
    current = {
      ...current,
      status: status.status,
      ...(status.endedAt ? { endedAt: status.endedAt } : {}),
      polls: (current.polls ?? 0) + 1,
      polledAt: ports.clock.now().toISOString(),
    };
  }
  return {
    ...current,
    status: TERMINAL.has(current.status) ? current.status : "TimedOut",
    endedAt: current.endedAt ?? ports.clock.now().toISOString(),
  };
}

/**
 * Starts one catalogue action and waits for it to finish, within the invocation budget when there is one:
 * the result may still be running (`isFinished` false), to be continued by the `await-action` node.
 */
export async function runAction(
  ports: Ports,
  incidentId: string,
  action: ActionDefinition,
  params: Record<string, unknown>,
  attempt: string,
  pollSeconds = DEFAULT_POLL_SECONDS,
  budget?: InvocationBudget,
): Promise<Execution> {
  const started = await startAction(ports, incidentId, action, params, attempt);
  return pollAction(ports, started, pollSeconds, budget);
}
