import type { TimelineEntry } from "../../agents/shared/timeline.js";
import { type Logger, nodeLogger } from "../../tools/logger.js";
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

/**
 * Wraps a graph node so its start, end (with its timeline summaries) and failures are logged with the
 * incident id and node name. Interrupts (a pause for a human) are not failures and pass through quietly.
 */
export function withNodeLog<S extends { incident?: { id: string } }, C, R>(
  logger: Logger | undefined,
  name: string,
  node: (state: S, config: C) => Promise<R>,
): (state: S, config: C) => Promise<R> {
  if (!logger) return node;
  return async (state, config) => {
    const log = nodeLogger(logger, state, name);
    const started = Date.now();
    log.debug("node started");
    try {
      const result = await node(state, config);
      const update = (result as { update?: unknown })?.update ?? result;
      const timeline = (update as { timeline?: TimelineEntry[] } | undefined)?.timeline ?? [];
      log.debug("node finished", { ms: Date.now() - started, summary: timeline.map((t) => t.summary) });
      return result;
    } catch (error) {
      if ((error as Error).name === "GraphInterrupt") {
        log.info("waiting for a human");
      } else {
        log.error("node failed", { error: (error as Error).message });
      }
      throw error;
    }
  };
}
