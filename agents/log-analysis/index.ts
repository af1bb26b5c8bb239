import { createAgentTools } from "../../tools/agent-tools/index.js";
import type { Incident } from "../../tools/domain/index.js";
import { type AgentSpec, runAgent } from "../shared/agent-node.js";
import type { AgentContext } from "../shared/context.js";
import { serviceOf } from "../shared/incident-facts.js";
import { LOG_ANALYSIS_SYSTEM_PROMPT, logAnalysisUserPrompt } from "./prompt.js";
import { analyseLogsByRules } from "./rules.js";
import { LogFindingsSchema } from "./schema.js";

export interface LogAnalysisInput {
  incident: Incident;
}

export const logAnalysisAgent: AgentSpec<typeof LogFindingsSchema, LogAnalysisInput> = {
  name: "log-analysis",
  schema: LogFindingsSchema,
  system: LOG_ANALYSIS_SYSTEM_PROMPT,
  user: (input) => logAnalysisUserPrompt(input.incident, serviceOf(input.incident)),
  tools: (ctx) => {
    const t = createAgentTools(ctx.ports);
    return [t.searchLogs, t.recentChanges, t.describeResources];
  },
  rules: (ctx, input) => analyseLogsByRules(ctx.ports, input.incident),
  summarize: (f) =>
    f.evidence.length === 0
      ? `no unusual log templates in ${f.linesAnalysed} lines`
      : `${f.evidence.length} finding(s); top: ${f.evidence[0]?.kind} "${f.evidence[0]?.template.slice(0, 90)}"` +
        (f.suggestedCategory ? `; points at ${f.suggestedCategory}` : "") +
        (f.injectionAttemptDetected ? "; a log line tried to instruct the responder (ignored)" : ""),
  explain: (f) => f.summary,
};

/** The log-analysis node: reads the incident, writes ranked log evidence. */
export function createLogAnalysisNode(ctx: AgentContext) {
  return async (state: LogAnalysisInput) => {
    const { output, timeline, cost } = await runAgent(logAnalysisAgent, ctx, state);
    return { logFindings: output, timeline, cost };
  };
}
