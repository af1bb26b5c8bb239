/** The investigation gaps table: what the responder asked the account for and did not get, by kind. */
import type { ScenarioScore } from "../scorers/index.js";
import { renderTable } from "./table.js";

/** Investigation gaps, grouped by what was missing, with how many runs hit each. */
export function gapsTable(scores: ScenarioScore[]): string {
  const counts = new Map<string, Set<string>>();
  for (const s of scores) {
    for (const g of s.investigationGaps) {
      const key = `${g.call}: ${g.kind === "error" ? "failed" : g.detail}`;
      const runs = counts.get(key) ?? new Set<string>();
      runs.add(`${s.id}#${s.variant?.index ?? s.repeat + 1}`);
      counts.set(key, runs);
    }
  }
  if (counts.size === 0) return "Investigation gaps: none (every read the responder made answered).";
  const rows = [...counts.entries()]
    .sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))
    .map(([what, runs]) => [what, String(runs.size)]);
  return `Investigation gaps (reads that failed or came back empty):\n${renderTable(["gap", "runs"], rows)}`;
}
