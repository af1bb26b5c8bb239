import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { Command, type LangGraphRunnableConfig } from "@langchain/langgraph";
import { nodeLogger } from "../../tools/logger.js";
import type { AgentContext } from "../shared/context.js";
import { type Cost, zeroCost } from "../shared/cost.js";
import { reasonerForRun, runSettings } from "../shared/run-config.js";
import { fallbackOf } from "../shared/run-reasoner.js";
import type { ModelFallback, ReasonerName } from "../shared/timeline.js";
import { SUPERVISOR_SYSTEM_PROMPT, supervisorUserPrompt } from "./prompt.js";
import { allowedNextSteps, DEFAULT_STEP_BUDGET, routeByRules, type SupervisorView } from "./rules.js";
import { SUPERVISOR_TARGETS, type SupervisorChoice, SupervisorChoiceSchema } from "./schema.js";

export const SUPERVISOR_NODE = "supervisor";
export { SUPERVISOR_TARGETS };

interface Decision extends SupervisorChoice {
  /** Who chose: the model, or the rules. */
  reasoner: ReasonerName;
  /** The model call's usage when one was answered (and so counts in the cost), whatever came of it. */
  usage?: Cost;
  note?: string;
  fallback?: ModelFallback;
}

/** Asks the model for the next step; any answer outside the allowed steps falls back to the rules. */
export async function chooseNextStep(
  ctx: AgentContext,
  view: SupervisorView,
  budget: number,
): Promise<Decision> {
  const rules = routeByRules(view, budget);
  const byRules: Decision = { ...rules, reasoner: "rules" };
  if (ctx.reasoner.mode !== "model" || rules.next === "escalate" || rules.next === "record") return byRules;
  const allowed = allowedNextSteps(view);
  let usage: Cost | undefined;
  const invalid = (reason: string): Decision => ({
    ...byRules,
    usage,
    note: `${reason}; rules used`,
    fallback: { kind: "invalid-answer", reason },
  });
  try {
    const raw: unknown = await ctx.reasoner.model
      .withStructuredOutput(SupervisorChoiceSchema)
      .invoke([
        new SystemMessage(SUPERVISOR_SYSTEM_PROMPT),
        new HumanMessage(supervisorUserPrompt(view, allowed)),
      ]);
    // The call answered, so it counts (structured output without includeRaw reports no token usage).
    usage = { ...zeroCost(), modelCalls: 1 };
    const parsed = SupervisorChoiceSchema.safeParse(raw);
    if (!parsed.success) return invalid("model answer did not fit the schema");
    if (!allowed.includes(parsed.data.next))
      return invalid(`model chose ${parsed.data.next}, which is not allowed now`);
    return { ...parsed.data, reasoner: "model", usage };
  } catch (error) {
    const fallback = fallbackOf(error);
    return { ...byRules, note: `model failed (${fallback.reason}); rules used`, fallback };
  }
}

/** The supervisor node: routes with Command to the next specialist, the gate, escalation or the record. */
export function createSupervisorNode(graphCtx: AgentContext, stepBudget = DEFAULT_STEP_BUDGET) {
  return async (state: SupervisorView & { incident?: { id: string } }, config?: LangGraphRunnableConfig) => {
    const settings = runSettings(config);
    const reasoner = reasonerForRun(graphCtx, settings);
    const ctx = reasoner === graphCtx.reasoner ? graphCtx : { ...graphCtx, reasoner };
    const choice = await chooseNextStep(ctx, state, settings.stepBudget ?? stepBudget);
    const log = nodeLogger(ctx.logger, state, SUPERVISOR_NODE);
    if (choice.fallback) log.warn("model answer not used; rules decided", { ...choice.fallback });
    log.debug("route", { next: choice.next, reasoner: choice.reasoner });
    return new Command({
      goto: choice.next,
      update: {
        route: { next: choice.next, reason: choice.reason },
        steps: 1,
        // Only a model call that answered counts: rules-only steps and failed calls cost nothing.
        cost: choice.usage ?? zeroCost(),
        timeline: [
          {
            time: ctx.ports.clock.now().toISOString(),
            node: SUPERVISOR_NODE,
            summary: `→ ${choice.next}: ${choice.reason}`,
            detail: choice.note,
            reasoner: choice.reasoner,
            ...(choice.fallback ? { modelFallback: choice.fallback } : {}),
          },
        ],
      },
    });
  };
}
