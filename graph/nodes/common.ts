import type { TimelineEntry } from "../../agents/shared/timeline.js";
import type { Ports } from "../../tools/ports.js";

/** One timeline line stamped with the port clock (virtual on the simulated account). */
export function note(ports: Ports, node: string, summary: string, detail?: string): TimelineEntry {
  return { time: ports.clock.now().toISOString(), node, summary, ...(detail ? { detail } : {}) };
}

/** Appends to the audit trail as the given node. */
export async function audit(
  ports: Ports,
  incidentId: string,
  node: string,
  kind: string,
  summary: string,
  data: Record<string, unknown> = {},
) {
  await ports.audit.append({
    incidentId,
    time: ports.clock.now().toISOString(),
    actor: `air/${node}`,
    kind,
    summary,
    data,
  });
}
