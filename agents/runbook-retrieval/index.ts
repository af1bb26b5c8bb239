import { tool } from "@langchain/core/tools";
import type { LangGraphRunnableConfig } from "@langchain/langgraph";
import { z } from "zod";
import type { RunbookHit, RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { capResult } from "../../tools/agent-tools/index.js";
import { type AgentSpec, runAgent } from "../shared/agent-node.js";
import type { AgentContext } from "../shared/context.js";
import { RUNBOOK_RETRIEVAL_SYSTEM_PROMPT, runbookRetrievalUserPrompt } from "./prompt.js";
import { buildQuery, type RetrievalEvidence, retrieveByRules } from "./rules.js";
import { type RunbookCandidates, RunbookCandidatesSchema } from "./schema.js";

/** Hits the search tool really returned during one model run, so the answer can be grounded in them. */
const seenHits = new WeakMap<RetrievalEvidence, Map<string, RunbookHit>>();

function searchTool(retriever: RunbookRetriever, evidence: RetrievalEvidence) {
  const seen = new Map<string, RunbookHit>();
  seenHits.set(evidence, seen);
  return tool(
    async ({ text, metric, namespace }) => {
      const base = buildQuery(evidence);
      const hits = await retriever.search({
        ...base,
        text,
        metric: metric ?? base.metric,
        namespace: namespace ?? base.namespace,
      });
      for (const h of hits) seen.set(h.runbookId, h);
      return capResult(
        hits.map((h) => ({ id: h.runbookId, title: h.title, score: h.score, reasons: h.reasons })),
      );
    },
    {
      name: "search_runbooks",
      description:
        "Hybrid search over the runbooks (text, alarm metric, log patterns). Returns ids, titles, scores, reasons.",
      schema: z.object({ text: z.string(), metric: z.string().optional(), namespace: z.string().optional() }),
    },
  );
}

/** Keeps only runbooks the tool returned, with the retriever's own data (never the model's copy). */
function ground(output: RunbookCandidates, evidence: RetrievalEvidence): RunbookCandidates {
  const seen = seenHits.get(evidence) ?? new Map<string, RunbookHit>();
  const candidates = output.candidates.flatMap((c) => {
    const real = seen.get(c.runbookId);
    return real ? [real] : [];
  });
  return { ...output, candidates, noneRelevant: candidates.length === 0 };
}

export const runbookRetrievalAgent: AgentSpec<typeof RunbookCandidatesSchema, RetrievalEvidence> = {
  name: "runbook-retrieval",
  schema: RunbookCandidatesSchema,
  system: RUNBOOK_RETRIEVAL_SYSTEM_PROMPT,
  user: runbookRetrievalUserPrompt,
  tools: (ctx, input) => [searchTool(ctx.retriever, input)],
  rules: (ctx, input) => retrieveByRules(ctx.retriever, input, ctx.ports.outcomes),
  ground,
  summarize: (r) =>
    r.noneRelevant
      ? "no relevant runbook"
      : `${r.candidates.length} runbook(s); best: ${r.candidates[0]?.runbookId} (score ${r.candidates[0]?.score.toFixed(2)})`,
  explain: (r) => r.candidates.map((c) => `${c.runbookId}: ${c.reasons.join("; ")}`).join("\n"),
};

/** The runbook-retrieval node: reads triage and log findings, writes runbook candidates. */
export function createRunbookRetrievalNode(ctx: AgentContext) {
  return async (state: RetrievalEvidence, config?: LangGraphRunnableConfig) => {
    const { output, timeline, cost } = await runAgent(runbookRetrievalAgent, ctx, state, config);
    return { runbooks: output, timeline, cost };
  };
}
