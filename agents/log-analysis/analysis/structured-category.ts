/**
 * Category votes from structure rather than wording: which resource an error line names. A line that names
 * one of our databases (its endpoint or id) is about that database, however it words the failure (a pool
 * "request timed out" included); a line that names a third party's host is about that third party. These
 * votes weigh more than the phrase table, which stays one signal among several.
 */
import type { LogEvidence } from "../schema.js";

/** A resource a log line may name, with the category a failure naming it points at. */
export interface NamedResource {
  /** Lower-case strings that identify it in a line: endpoint host, id, external host or name. */
  tokens: string[];
  category: "database" | "dependency";
}

/** Weight of a structured vote relative to a phrase vote of the same evidence score. */
export const STRUCTURED_WEIGHT = 2;

const FAILING_LEVELS = new Set(["ERROR", "FATAL", "WARN"]);

/** Votes (category → summed evidence score × weight) from failing lines that name a known resource. */
export function structuredVotes(evidence: LogEvidence[], named: NamedResource[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const e of evidence) {
    if (e.level !== undefined && !FAILING_LEVELS.has(e.level)) continue;
    const text = `${e.sample} ${e.template}`.toLowerCase();
    const hit = named.find((r) => r.tokens.some((t) => t.length >= 4 && text.includes(t)));
    if (hit) votes.set(hit.category, (votes.get(hit.category) ?? 0) + e.score * STRUCTURED_WEIGHT);
  }
  return votes;
}
