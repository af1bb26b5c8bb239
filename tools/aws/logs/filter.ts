/**
 * The LogsPort `filter` (a substring, or terms as in the simulated account: plain terms all appear,
 * `?term`s one of them, `-term`s none, "quoted phrases" one term) as a CloudWatch filter pattern and as a
 * Logs Insights condition. JSON (`{ ... }`) and space-delimited (`[ ... ]`) patterns pass through as given.
 */

export interface FilterTerm {
  mode: "" | "?" | "-";
  term: string;
}

/** Splits a filter into terms. */
export function parseTerms(filter: string): FilterTerm[] {
  return [...filter.trim().matchAll(/([?-]?)(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)]
    .map((m) => ({
      mode: (m[1] ?? "") as FilterTerm["mode"],
      term: (m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : (m[3] ?? "")).trim(),
    }))
    .filter((t) => t.term !== "");
}

/** True for CloudWatch's JSON and space-delimited patterns, which have no Insights translation here. */
export function isStructuredPattern(filter: string | undefined): boolean {
  return /^\s*[{[]/.test(filter ?? "");
}

/**
 * A CloudWatch Logs filter pattern. Every term is quoted, so `java.lang.OutOfMemoryError` or `HTTP/1.1 503`
 * match literally. Note: CloudWatch matches terms case-sensitively.
 */
export function toFilterPattern(filter: string | undefined): string | undefined {
  if (!filter?.trim()) return undefined;
  if (isStructuredPattern(filter)) return filter.trim();
  return parseTerms(filter)
    .map((t) => `${t.mode}"${t.term.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(" ");
}

function regexLiteral(term: string): string {
  const escaped = term.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return `/(?i)${escaped}/`;
}

/** A Logs Insights `filter` condition (case-insensitive), or undefined when there is nothing to filter. */
export function toInsightsCondition(filter: string | undefined): string | undefined {
  if (!filter?.trim()) return undefined;
  const terms = parseTerms(filter);
  const parts: string[] = [];
  for (const t of terms.filter((x) => x.mode === "")) parts.push(`@message like ${regexLiteral(t.term)}`);
  const any = terms.filter((x) => x.mode === "?").map((t) => `@message like ${regexLiteral(t.term)}`);
  if (any.length > 0) parts.push(`(${any.join(" or ")})`);
  for (const t of terms.filter((x) => x.mode === "-"))
    parts.push(`@message not like ${regexLiteral(t.term)}`);
  return parts.length > 0 ? parts.join(" and ") : undefined;
}
