import type { RunbookHit } from "../../knowledge/retrieval/types.js";
import type { OutcomesPort } from "../../tools/ports.js";

/**
 * Re-ranks runbooks by what their first action achieved on past incidents of this kind: the score is
 * multiplied by (0.5 + posterior mean of Beta(1 + successes, 1 + failures)), capped at 1. With no history
 * the factor is 1; a record of failures pushes the runbook down, a record of successes up.
 */
export async function rankByOutcomes(
  hits: RunbookHit[],
  outcomes: OutcomesPort,
  signature: string,
): Promise<RunbookHit[]> {
  const adjusted = await Promise.all(
    hits.map(async (hit) => {
      const actionId = hit.actions[0]?.actionId;
      if (!actionId) return hit;
      const { successes, failures } = await outcomes.stats(signature, actionId);
      if (successes + failures === 0) return hit;
      const posterior = (1 + successes) / (2 + successes + failures);
      return {
        ...hit,
        score: Math.min(1, hit.score * (0.5 + posterior)),
        reasons: [
          ...hit.reasons,
          `${actionId} on this kind of incident before: ${successes} worked, ${failures} failed`,
        ],
      };
    }),
  );
  return adjusted.sort((a, b) => b.score - a.score);
}
