import type { RetrievalQuery, RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident } from "../../tools/domain/index.js";
import type { OutcomesPort } from "../../tools/ports.js";
import type { LogFindings } from "../log-analysis/schema.js";
import { primaryAlert, serviceOf, signatureOf } from "../shared/incident-facts.js";
import type { Triage } from "../triage/schema.js";
import { withCategoryRunbook } from "./category-fallback.js";
import { rankByOutcomes } from "./learning.js";
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

/** How many similar past incidents are shown to the agents. */
export const SIMILAR_INCIDENTS_SHOWN = 5;

/**
 * The deterministic retrieval reasoner: one hybrid search with everything known so far, re-ranked by
 * past outcomes on this kind of incident, with those past incidents attached.
 */
export async function retrieveByRules(
  retriever: RunbookRetriever,
  evidence: RetrievalEvidence,
  outcomes?: OutcomesPort,
): Promise<RunbookCandidates> {
  const query = buildQuery(evidence);
  const hits = await withCategoryRunbook(
    retriever,
    query,
    await retriever.search(query),
    evidence.assessment?.specificFinding ?? evidence.assessment?.hypothesis,
  );
  const signature = signatureOf(evidence.incident, evidence.assessment?.category);
  const candidates = outcomes ? await rankByOutcomes(hits, outcomes, signature) : hits;
  const similarIncidents = outcomes
    ? (await outcomes.forSignature(signature, SIMILAR_INCIDENTS_SHOWN + 1)).filter(
        (o) => o.incidentId !== evidence.incident.id,
      )
    : [];
  return {
    candidates,
    noneRelevant: candidates.length === 0,
    query: query.text.slice(0, 500),
    similarIncidents: similarIncidents.slice(0, SIMILAR_INCIDENTS_SHOWN),
  };
}
