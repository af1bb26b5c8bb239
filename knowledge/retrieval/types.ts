import { z } from "zod";

/** An action a runbook recommends, with parameter templates (`{{target.id}}`, `{{target.attributes.x}}`). */
export const RunbookActionRefSchema = z.object({
  actionId: z.string(),
  params: z.record(z.string(), z.string()).default({}),
  /** When this action applies, in words for people. */
  when: z.string().optional(),
});
export type RunbookActionRef = z.infer<typeof RunbookActionRefSchema>;

/** What retrieval returns for one runbook. */
export const RunbookHitSchema = z.object({
  runbookId: z.string(),
  title: z.string(),
  category: z.string(),
  /** Fused score in [0, 1]; 1 is the best possible match. */
  score: z.number().min(0).max(1),
  /** Why it was retrieved: which signals and terms matched. */
  reasons: z.array(z.string()),
  actions: z.array(RunbookActionRefSchema),
  escalationTeam: z.string().optional(),
  source: z.enum(["built-in", "aws-official", "organisation", "knowledge-base"]),
});
export type RunbookHit = z.infer<typeof RunbookHitSchema>;

/** The evidence retrieval searches with: alarm signals, log templates, resource types, free text. */
export interface RetrievalQuery {
  text: string;
  service?: string;
  namespace?: string;
  metric?: string;
  resourceTypes?: string[];
  logTemplates?: string[];
  category?: string;
  limit?: number;
}

export interface RunbookRetriever {
  /** Best runbooks first; an empty array means nothing relevant, never a guess. */
  search(query: RetrievalQuery): Promise<RunbookHit[]>;
}
