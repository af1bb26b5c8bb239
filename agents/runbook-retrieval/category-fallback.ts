/**
 * When triage reached a category from evidence (a full database behind a 5XX alarm, say) and none of the
 * retrieved runbooks is of that category, the alarm's metric has pulled the search towards the usual
 * suspects for that metric. A second search on the category and what triage found (its specific finding, else
 * its hypothesis; no alarm metric)
 * finds the runbook for what triage actually found; its best hit of that category goes first.
 */
import type { RetrievalQuery, RunbookHit, RunbookRetriever } from "../../knowledge/retrieval/types.js";

/** Categories too generic to search on by themselves. */
const GENERIC = new Set(["unknown"]);

export async function withCategoryRunbook(
  retriever: RunbookRetriever,
  query: RetrievalQuery,
  hits: RunbookHit[],
  finding: string | undefined,
): Promise<RunbookHit[]> {
  const category = query.category;
  if (!category || GENERIC.has(category) || hits.some((h) => h.category === category)) return hits;
  const second = await retriever.search({
    text: [category, finding].filter(Boolean).join(" "),
    service: query.service,
    logTemplates: [],
    category,
    limit: query.limit,
  });
  const match = second.find((h) => h.category === category);
  if (!match) return hits;
  return [match, ...hits.filter((h) => h.runbookId !== match.runbookId)].slice(0, query.limit ?? hits.length);
}
