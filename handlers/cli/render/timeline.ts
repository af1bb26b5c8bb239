import type { TimelineEntry } from "../../../agents/shared/timeline.js";
import type { Styler } from "./style.js";

const NODE_STYLE: Record<string, Parameters<Styler>[0]> = {
  supervisor: "gray",
  triage: "cyan",
  "log-analysis": "cyan",
  "runbook-retrieval": "cyan",
  remediation: "cyan",
  "safety-gate": "yellow",
  "request-approval": "magenta",
  approval: "magenta",
  execute: "green",
  verify: "green",
  rollback: "red",
  escalate: "red",
  record: "blue",
  report: "blue",
};

/** One readable line per step: virtual time, step, what happened; details indented under the gate. */
export function formatTimelineEntry(entry: TimelineEntry, style: Styler, verbose = false): string {
  const time = style("dim", entry.time.slice(11, 16));
  const node = style(NODE_STYLE[entry.node] ?? "white", entry.node.padEnd(17));
  const lines = [`  ${time}  ${node} ${entry.summary}`];
  const showDetail = verbose || entry.node === "safety-gate";
  if (showDetail && entry.detail) {
    for (const line of entry.detail.split("\n"))
      lines.push(`  ${" ".repeat(24)}${style("dim", `· ${line}`)}`);
  }
  return lines.join("\n");
}
