import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import { Command } from "@langchain/langgraph";
import type { AgentContext } from "../shared/context.js";
import { zeroCost } from "../shared/cost.js";
import { SUPERVISOR_SYSTEM_PROMPT, supervisorUserPrompt } from "./prompt.js";
import { allowedNextSteps, DEFAULT_STEP_BUDGET, routeByRules, type SupervisorView } from "./rules.js";
import { SUPERVISOR_TARGETS, type SupervisorChoice, SupervisorChoiceSchema } from "./schema.js";

export const SUPERVISOR_NODE = "supervisor";
export { SUPERVISOR_TARGETS };

/** Asks the model for the next step; any answer outside the allowed steps falls back to the rules. */
async function chooseByModel(
  ctx: AgentContext,
  view: SupervisorView,
  budget: number,
): Promise<SupervisorChoice & { note?: string }> {
  const rules = routeByRules(view, budget);
  if (ctx.reasoner.mode !== "model" || rules.next === "escalate" || rules.next === "record") return rules;
  const allowed = allowedNextSteps(view);
  try {
    const raw = await ctx.reasoner.model
      .withStructuredOutput(SupervisorChoiceSchema)
      .invoke([
        new SystemMessage(SUPERVISOR_SYSTEM_PROMPT),
        new HumanMessage(supervisorUserPrompt(view, allowed)),
      ]);
    const parsed = SupervisorChoiceSchema.safeParse(raw);
    if (!parsed.success) return { ...rules, note: "model answer did not fit the schema; rules used" };
    if (!allowed.includes(parsed.data.next)) {
      return { ...rules, note: `model chose ${parsed.data.next}, which is not allowed now; rules used` };
    }
    return parsed.data;
  } catch (error) {
    return { ...rules, note: `model failed (${(error as Error).message}); rules used` };
  }
}

/** The supervisor node: routes with Command to the next specialist, the gate, escalation or the record. */
export function createSupervisorNode(ctx: AgentContext, stepBudget = DEFAULT_STEP_BUDGET) {
  return async (state: SupervisorView) => {
    const choice = await chooseByModel(ctx, state, stepBudget);
    return new Command({
      goto: choice.next,
      update: {
        route: { next: choice.next, reason: choice.reason },
        steps: 1,
        cost:
          ctx.reasoner.mode === "model" && choice.next !== "record"
            ? { ...zeroCost(), modelCalls: 1 }
            : zeroCost(),
        timeline: [
          {
            time: ctx.ports.clock.now().toISOString(),
            node: SUPERVISOR_NODE,
            summary: `→ ${choice.next}: ${choice.reason}`,
            detail: "note" in choice ? choice.note : undefined,
          },
        ],
      },
    });
  };
}
