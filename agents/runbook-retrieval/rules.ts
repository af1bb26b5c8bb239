import type { RetrievalQuery, RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident } from "../../tools/domain/index.js";
import type { LogFindings } from "../log-analysis/schema.js";
import { primaryAlert, serviceOf } from "../shared/incident-facts.js";
import type { Triage } from "../triage/schema.js";
import type { RunbookCandidates } from "./schema.js";

export interface RetrievalEvidence {
  incident: Incident;
  assessment?: Triage;
  logFindings?: LogFindings;
}

/** Builds the retrieval query from the alarm, the triage verdict and the log evidence. */
export function buildQuery(evidence: RetrievalEvidence): RetrievalQuery {
  const alert = primaryAlert(evidence.incident);
  const templates = (evidence.logFindings?.evidence ?? []).map((e) => e.sample);
  const text = [
    alert.alarmName,
    alert.metric?.name,
    evidence.assessment?.category,
    evidence.assessment?.hypothesis,
    evidence.logFindings?.suggestedCategory,
    ...templates.slice(0, 5),
  ]
    .filter(Boolean)
    .join(" ");
  return {
    text,
    service: serviceOf(evidence.incident),
    namespace: alert.metric?.namespace,
    metric: alert.metric?.name,
    logTemplates: templates,
    category: evidence.assessment?.category,
    limit: 5,
  };
}

/** The deterministic retrieval reasoner: one hybrid search with everything known so far. */
export async function retrieveByRules(
  retriever: RunbookRetriever,
  evidence: RetrievalEvidence,
): Promise<RunbookCandidates> {
  const query = buildQuery(evidence);
  const candidates = await retriever.search(query);
  return { candidates, noneRelevant: candidates.length === 0, query: query.text.slice(0, 500) };
}
