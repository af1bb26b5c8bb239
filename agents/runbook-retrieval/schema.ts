import { z } from "zod";
import { RunbookHitSchema } from "../../knowledge/retrieval/types.js";
import { ActionOutcomeSchema } from "../../tools/domain/index.js";

/** Runbooks that fit the incident, best first, or an explicit "nothing relevant". */
export const RunbookCandidatesSchema = z.object({
  candidates: z.array(RunbookHitSchema),
  noneRelevant: z.boolean(),
  query: z.string(),
  /** What was done on past incidents of the same kind and how it ended, newest first. */
  similarIncidents: z.array(ActionOutcomeSchema).default([]),
});
export type RunbookCandidates = z.infer<typeof RunbookCandidatesSchema>;
