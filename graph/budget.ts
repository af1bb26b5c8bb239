/**
 * The invocation budget: how long the current run may keep going before it must checkpoint and hand back
 * a wake-up instead of sleeping. The driver passes it in the run config (`configurable.budget`); nodes that
 * wait read it with `budgetOf(config)`. Without one (the CLI, Studio, the in-process eval) nothing is bounded.
 */
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import type { ClockPort } from "../tools/ports.js";

export interface InvocationBudget {
  /** The latest time (ms since the epoch, on the ports clock) a node may still be sleeping until. */
  deadlineMs: number;
}

/**
 * Time kept back from the Lambda's remaining time for what follows the last node: the checkpoint write,
 * creating the wake-up schedule, and the batch response.
 */
export const BUDGET_SAFETY_MARGIN_MS = 10_000;

/** A budget ending `remainingMs − marginMs` after `nowMs` (never before `nowMs`). */
export function budgetFromRemaining(
  nowMs: number,
  remainingMs: number,
  marginMs = BUDGET_SAFETY_MARGIN_MS,
): InvocationBudget {
  return { deadlineMs: nowMs + Math.max(0, remainingMs - marginMs) };
}

/** The budget of the current run, if the driver set one. */
export function budgetOf(config?: LangGraphRunnableConfig): InvocationBudget | undefined {
  const budget = (config?.configurable as { budget?: InvocationBudget } | undefined)?.budget;
  return budget && Number.isFinite(budget.deadlineMs) ? budget : undefined;
}

/** Whether sleeping `ms` from now still ends within the budget (always, without a budget). */
export function fitsBudget(budget: InvocationBudget | undefined, clock: ClockPort, ms: number): boolean {
  return !budget || clock.now().getTime() + ms <= budget.deadlineMs;
}
