import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { createAgentTools } from "../../tools/agent-tools/index.js";
import { canonicalJson } from "../../tools/canonical-json.js";
import { type AgentSpec, runAgent } from "../shared/agent-node.js";
import type { AgentContext } from "../shared/context.js";
import { REMEDIATION_SYSTEM_PROMPT, remediationUserPrompt } from "./prompt.js";
import { type PlanEvidence, planByRules } from "./rules.js";
import { type RemediationPlan, RemediationPlanSchema } from "./schema.js";

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
      ? `proposes ${p.actionId} ${JSON.stringify(p.params)}${p.stages ? ` (stage 1 of a ${p.stages.length}-stage plan: ${p.stages.map((s) => s.actionId).join(" → ")})` : ""}`
      : p.kind === "escalate"
        ? `proposes escalation: ${p.rationale}`
        : `proposes no action: ${p.rationale}`,
  explain: (p) => p.rationale,
};

/**
 * A staged plan's first stage must be the action proposed (the gate judges `actionId`/`params`; the stages
 * are what the approver sees and what runs next). A plan where they differ is not followed.
 */
export function firstStageConsistent(plan: RemediationPlan): RemediationPlan {
  const first = plan.stages?.[0];
  if (!first) return plan;
  const same =
    plan.kind === "action" &&
    first.actionId === plan.actionId &&
    canonicalJson(first.params) === canonicalJson(plan.params ?? {});
  if (same) return plan;
  return {
    kind: "escalate",
    ...(plan.escalateTo ? { escalateTo: plan.escalateTo } : {}),
    rationale: `the proposed staged plan does not start with the action it proposes (${plan.actionId ?? plan.kind} vs stage 1 ${first.actionId}); not followed`,
  };
}

/** The remediation node: reads all evidence, writes a proposal for the safety gate. */
export function createRemediationNode(ctx: AgentContext) {
  return async (state: PlanEvidence, config?: LangGraphRunnableConfig) => {
    const { output, timeline, cost } = await runAgent(remediationAgent, ctx, state, config);
    return { plan: firstStageConsistent(output), timeline, cost };
  };
}
