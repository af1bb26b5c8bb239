import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { createAgentTools } from "../../tools/agent-tools/index.js";
import type { Incident } from "../../tools/domain/index.js";
import { type AgentSpec, runAgent } from "../shared/agent-node.js";
import type { AgentContext } from "../shared/context.js";
import { serviceOf } from "../shared/incident-facts.js";
import { isMarkedUntrusted, looksLikeInjection, type UntrustedLedger, unmark } from "../shared/untrusted.js";
import { LOG_ANALYSIS_SYSTEM_PROMPT, logAnalysisUserPrompt } from "./prompt.js";
import { analyseLogsByRules } from "./rules.js";
import { type LogFindings, LogFindingsSchema } from "./schema.js";

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
        (f.injectionAttemptDetected
          ? `; ${f.flaggedText.length} untrusted text(s) tried to instruct the responder (kept marked, not followed)`
          : ""),
  explain: (f) => [f.summary, ...f.flaggedText.slice(0, 5)].join("\n"),
  screened: codeOwnedInjectionFields,
};

/** Longest list of flagged texts kept in the findings. */
const MAX_FLAGGED = 20;

/**
 * The injection flag and the flagged text come from the detector, never from the reasoner: what the ledger saw
 * (every read of this run), the incident's own alarm text, and what the rules marked. A model saying "no
 * injection" changes nothing; flagged lines a model copied into its evidence unmarked are marked.
 */
export function codeOwnedInjectionFields(
  output: LogFindings,
  input: LogAnalysisInput,
  ledger: UntrustedLedger,
): LogFindings {
  for (const alert of input.incident.alerts) {
    for (const text of [alert.alarmName, alert.description ?? "", alert.reason, ...Object.values(alert.tags)])
      if (text) ledger.screen(text);
  }
  const flagged = [...new Set([...ledger.flagged(), ...output.flaggedText.filter(isMarkedUntrusted)])];
  const raw = new Set(flagged.map((f) => unmark(f)));
  const evidence = output.evidence.filter((e) => !raw.has(e.sample) && !looksLikeInjection(e.sample));
  return {
    ...output,
    evidence,
    injectionAttemptDetected: flagged.length > 0,
    flaggedText: flagged.slice(0, MAX_FLAGGED),
  };
}

/** The log-analysis node: reads the incident, writes ranked log evidence. */
export function createLogAnalysisNode(ctx: AgentContext) {
  return async (state: LogAnalysisInput, config?: LangGraphRunnableConfig) => {
    const { output, timeline, cost } = await runAgent(logAnalysisAgent, ctx, state, config);
    return { logFindings: output, timeline, cost };
  };
}
