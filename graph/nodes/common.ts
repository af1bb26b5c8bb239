import { getConfig } from "@langchain/langgraph";
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import { type Logger, nodeLogger } from "../../tools/logger.js";
import type { Ports } from "../../tools/ports.js";

/** One timeline line stamped with the port clock (virtual on the simulated account). */
export function note(ports: Ports, node: string, summary: string, detail?: string): TimelineEntry {
  return { time: ports.clock.now().toISOString(), node, summary, ...(detail ? { detail } : {}) };
}

/**
 * The idempotency key of one side effect of the running node: incident, graph step and node, and the kind
 * of effect. A node that re-runs after a crash (or on resume) runs as the same task at the same step, so it
 * derives the same key and the port delivers the effect once; a later visit of the node is a later step.
 * Undefined outside a graph run (a node called directly in a test).
 */
export function effectKey(incidentId: string, node: string, kind: string): string | undefined {
  let step: unknown;
  try {
    step = getConfig()?.metadata?.["langgraph_step"];
  } catch {
    return undefined;
  }
  return typeof step === "number" ? `${incidentId}/${step}/${node}/${kind}` : undefined;
}

/** `{ key }` when there is one, else nothing (for spreading into a port call). */
export function keyed(key: string | undefined): { key?: string } {
  return key ? { key } : {};
}

/** Appends to the audit trail as the given node, keyed so a re-run after a crash appends once. */
export async function audit(
  ports: Ports,
  incidentId: string,
  node: string,
  kind: string,
  summary: string,
  data: Record<string, unknown> = {},
) {
  const key = effectKey(incidentId, node, `audit:${kind}`);
  await ports.audit.append({
    incidentId,
    time: ports.clock.now().toISOString(),
    actor: `air/${node}`,
    kind,
    summary,
    data,
    ...(key ? { key } : {}),
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
