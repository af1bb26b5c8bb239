/** The labelled query set: loading and validation. */
import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { z } from "zod";
import { ResourceTypeSchema } from "../../tools/domain/index.js";

export const LabelledQuerySchema = z
  .object({
    id: z.string().min(1),
    text: z.string(),
    namespace: z.string().optional(),
    metric: z.string().optional(),
    service: z.string().optional(),
    category: z.string().optional(),
    resourceTypes: z.array(ResourceTypeSchema).optional(),
    logTemplates: z.array(z.string()).optional(),
    /** Relevant runbook ids, best first; empty means "nothing should be returned". */
    expected: z.array(z.string()),
  })
  .strict();
export type LabelledQuery = z.infer<typeof LabelledQuerySchema>;

export const DEFAULT_QUERY_FILE = new URL("./queries.yaml", import.meta.url);
export const PEOPLE_QUERY_FILE = new URL("./people-queries.yaml", import.meta.url);
export const HELDOUT_QUERY_FILE = new URL("./people-queries-heldout.yaml", import.meta.url);
/** Written after the anchored evidence bar and measured once; the first held-out set informed that bar. */
export const HELDOUT_2_QUERY_FILE = new URL("./people-queries-heldout-2.yaml", import.meta.url);

/** The labelled sets the evaluation scores by default. */
export const QUERY_SETS = [
  { name: "incident", url: DEFAULT_QUERY_FILE },
  { name: "people", url: PEOPLE_QUERY_FILE },
  { name: "people-heldout", url: HELDOUT_QUERY_FILE },
  { name: "people-heldout-2", url: HELDOUT_2_QUERY_FILE },
] as const;

export async function loadQuerySet(path: string | URL = DEFAULT_QUERY_FILE): Promise<LabelledQuery[]> {
  const raw = parse(await readFile(path, "utf8")) as unknown;
  const parsed = z.object({ queries: z.array(LabelledQuerySchema).min(1) }).safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new Error(`${String(path)}: ${first?.path.join(".")}: ${first?.message}`);
  }
  const ids = new Set<string>();
  for (const q of parsed.data.queries) {
    if (ids.has(q.id)) throw new Error(`${String(path)}: duplicate query id "${q.id}"`);
    ids.add(q.id);
  }
  return parsed.data.queries;
}
