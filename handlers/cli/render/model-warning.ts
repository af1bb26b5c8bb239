import type { TimelineEntry } from "../../../agents/shared/timeline.js";
import type { Styler } from "./style.js";

/**
 * Watches the timeline for a step whose model could not be reached and prints ONE warning the first time,
 * above that step, so a run that says "model mode" never silently runs on the rules. Later steps are quiet.
 */
export function createModelWarning(
  style: Styler,
  write: (text: string) => void,
): (entry: TimelineEntry) => void {
  let warned = false;
  return (entry) => {
    if (warned || entry.modelFallback?.kind !== "unreachable") return;
    warned = true;
    write(
      `${style("yellow", style("bold", "⚠ model unreachable: decisions below are made by the rules"))}\n` +
        `  ${style("dim", entry.modelFallback.reason.split("\n")[0]?.slice(0, 200) ?? "")}\n`,
    );
  };
}
