import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { createAgentTools } from "../../tools/agent-tools/index.js";
import type { Incident } from "../../tools/domain/index.js";
import { type AgentSpec, runAgent } from "../shared/agent-node.js";
import type { AgentContext } from "../shared/context.js";
import { TRIAGE_SYSTEM_PROMPT, triageUserPrompt } from "./prompt.js";
import { triageByRules } from "./rules.js";
import { TriageSchema } from "./schema.js";

export interface TriageInput {
  incident: Incident;
}

export const triageAgent: AgentSpec<typeof TriageSchema, TriageInput> = {
  name: "triage",
  schema: TriageSchema,
  system: TRIAGE_SYSTEM_PROMPT,
  user: (input) => triageUserPrompt(input.incident),
  tools: (ctx) => {
    const t = createAgentTools(ctx.ports);
    return [t.getMetric, t.describeResources, t.recentChanges, t.listAlarms];
  },
  rules: (ctx, input) => triageByRules(ctx.ports, input.incident),
  summarize: (t) =>
    t.isIncident
      ? `${t.severity} ${t.category} on ${t.service}; suspects ${t.suspectedResources.join(", ") || "none named"}`
      : `not an incident: ${t.hypothesis}`,
  explain: (t) => t.hypothesis,
};

/** The triage node: reads the incident, writes the triage verdict. */
export function createTriageNode(ctx: AgentContext) {
  return async (state: TriageInput, config?: LangGraphRunnableConfig) => {
    const { output, timeline, cost } = await runAgent(triageAgent, ctx, state, config);
    return { assessment: output, timeline, cost };
  };
}
