import type { PlayResult } from "../play.js";
import type { Styler } from "./style.js";

const EXPECTED: Record<string, string[]> = {
  auto: ["resolved-automatically"],
  approval_required: ["resolved-after-approval", "escalated", "awaiting-approval"],
  escalate: ["escalated", "rolled-back-and-escalated"],
  no_action: ["no-action-needed", "not-an-incident"],
};

function pad(text: string, width: number) {
  return text.length >= width ? text : text + " ".repeat(width - text.length);
}

/** A table of how each incident ended, against what its scenario says should happen. */
export function formatSummary(results: PlayResult[], style: Styler): string {
  const rows = results.map((r) => {
    const outcome = r.paused ? "awaiting-approval" : (r.state?.outcome ?? "no incident");
    const expected = r.scenario.groundTruth?.resolution;
    const fits =
      expected !== undefined &&
      ((EXPECTED[expected] ?? []).includes(outcome) || (!r.state && expected === "no_action"));
    return [
      r.scenario.metadata.id,
      outcome,
      r.state?.execution ? `${r.state.execution.actionId}` : "-",
      r.minutesToMitigate !== undefined ? `${r.minutesToMitigate} min` : "-",
      expected === undefined ? "-" : `${expected}${fits ? " ✓" : " ✗"}`,
    ];
  });
  const header = ["scenario", "outcome", "action", "to mitigate", "expected"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => pad(c, widths[i]!)).join("  ")}`;
  return ["", style("bold", "Summary"), style("dim", line(header)), ...rows.map((r) => line(r))].join("\n");
}
