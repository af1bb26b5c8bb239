import { z } from "zod";
import { RunbookHitSchema } from "../../knowledge/retrieval/types.js";

/** Runbooks that fit the incident, best first, or an explicit "nothing relevant". */
export const RunbookCandidatesSchema = z.object({
  candidates: z.array(RunbookHitSchema),
  noneRelevant: z.boolean(),
  query: z.string(),
});
export type RunbookCandidates = z.infer<typeof RunbookCandidatesSchema>;
