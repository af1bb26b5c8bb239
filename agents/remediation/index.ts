import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { createAgentTools } from "../../tools/agent-tools/index.js";
import { type AgentSpec, runAgent } from "../shared/agent-node.js";
import type { AgentContext } from "../shared/context.js";
import { REMEDIATION_SYSTEM_PROMPT, remediationUserPrompt } from "./prompt.js";
import { type PlanEvidence, planByRules } from "./rules.js";
import { RemediationPlanSchema } from "./schema.js";

export const remediationAgent: AgentSpec<typeof RemediationPlanSchema, PlanEvidence> = {
  name: "remediation",
  schema: RemediationPlanSchema,
  system: REMEDIATION_SYSTEM_PROMPT,
  user: remediationUserPrompt,
  tools: (ctx) => {
    const t = createAgentTools(ctx.ports);
    return [t.describeResources, t.getMetric];
  },
  rules: (ctx, input) => planByRules(ctx.ports, input),
  summarize: (p) =>
    p.kind === "action"
      ? `proposes ${p.actionId} ${JSON.stringify(p.params)}`
      : p.kind === "escalate"
        ? `proposes escalation: ${p.rationale}`
        : `proposes no action: ${p.rationale}`,
  explain: (p) => p.rationale,
};

/** The remediation node: reads all evidence, writes a proposal for the safety gate. */
export function createRemediationNode(ctx: AgentContext) {
  return async (state: PlanEvidence, config?: LangGraphRunnableConfig) => {
    const { output, timeline, cost } = await runAgent(remediationAgent, ctx, state, config);
    return { plan: output, timeline, cost };
  };
}
