import { type Ingestor, ingestAndDispatch } from "../runtime/dispatch.js";
import { base, once } from "./base-deps.js";

/** Intake only records alerts and queues run starts: no graph, no model, no signing secret. */
export const intakeDeps = once(async (): Promise<Ingestor> => {
  const { store, queue } = base();
  return { ingest: (event) => ingestAndDispatch(event, { store, queue }) };
});
