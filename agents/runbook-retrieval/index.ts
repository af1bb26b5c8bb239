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

/** How a model should query the search tool; the same retriever and evidence bar as the rules path. */
export const SEARCH_RUNBOOKS_DESCRIPTION =
  "Search the runbooks (built-in, AWS-owned and the organisation's). Query with a short symptom phrase of 2-5 " +
  'words ("disk full", "memory leak", "lambda throttled", "too many connections", "cert expired") and, when ' +
  "you have one, the alarm's metric name (CPUUtilization, Throttles, HTTPCode_Target_5XX_Count); the incident's " +
  "log lines are added for you. Abbreviations are understood (OOM, 5xx, DDB, SG). Do not paste whole alarm " +
  "descriptions or sentences. Returns ids, titles, scores and why each matched; an empty list means nothing " +
  "relevant, so try a different symptom before concluding none fits.";

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
      description: SEARCH_RUNBOOKS_DESCRIPTION,
      schema: z.object({
        text: z
          .string()
          .describe(
            'a short symptom phrase or runbook topic, e.g. "disk full", "lambda throttled", "OOM killer"',
          ),
        metric: z
          .string()
          .optional()
          .describe("CloudWatch metric name, e.g. CPUUtilization (defaults to the alarm's)"),
        namespace: z
          .string()
          .optional()
          .describe("CloudWatch namespace, e.g. AWS/EC2 (defaults to the alarm's)"),
      }),
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
