import type { Confidence } from "./schema.js";

/**
 * Confidence that the proposed action fixes the incident, computed in code from named factors; nothing a
 * model says can set it.
 *
 *   evidence   = 0.4·agreement + 0.3·retrieval + 0.3·completeness
 *   confidence = min(1, evidence × (0.5 + history))
 *
 * - agreement: share of the independent opinion slots (triage's category, the logs' suggested category) that
 *   agree with the category of the runbook that prescribes the plan's action. A missing opinion counts as not
 *   agreeing, exactly like a dissenting one: suppressing evidence (logs that fail to load, a reasoner that
 *   says nothing) can never raise confidence.
 * - retrieval: the chosen runbook's fused retrieval score in [0, 1].
 * - completeness: share of the evidence that exists: a triage verdict naming a resource, the alarm's
 *   metric read, log evidence, a runbook chosen, the target described.
 * - history: posterior mean of Beta(1 + successes, 1 + failures) for this action on incidents with this
 *   signature. With no history it is 0.5, so the multiplier is 1 and the evidence speaks alone; each
 *   failure pulls the multiplier towards 0.5 (halving confidence at the limit), each success towards 1.5.
 *   History multiplies rather than adds so that a record of failures can move a well-evidenced action
 *   from "runs on its own" to "needs sign-off", which an additive term with a small weight never could.
 */
export const CONFIDENCE_WEIGHTS = { agreement: 0.4, retrieval: 0.3, completeness: 0.3 } as const;

export interface ConfidenceInput {
  runbookCategory?: string;
  triageCategory?: string;
  logCategory?: string;
  retrievalScore?: number;
  successes: number;
  failures: number;
  evidence: {
    suspectNamed: boolean;
    metricRead: boolean;
    logEvidence: boolean;
    runbookChosen: boolean;
    targetDescribed: boolean;
  };
}

const clamp = (x: number) => Math.min(1, Math.max(0, x));

export function agreementFactor(runbook?: string, opinions: (string | undefined)[] = []): number {
  if (!runbook || opinions.length === 0) return 0;
  return opinions.filter((o) => o === runbook).length / opinions.length;
}

export function historyFactor(successes: number, failures: number): number {
  return (1 + successes) / (2 + successes + failures);
}

export function computeConfidence(input: ConfidenceInput): Confidence {
  const evidence = Object.values(input.evidence);
  const factors = {
    agreement: agreementFactor(input.runbookCategory, [input.triageCategory, input.logCategory]),
    retrieval: clamp(input.retrievalScore ?? 0),
    history: historyFactor(input.successes, input.failures),
    completeness: evidence.filter(Boolean).length / evidence.length,
  };
  const evidenceScore =
    CONFIDENCE_WEIGHTS.agreement * factors.agreement +
    CONFIDENCE_WEIGHTS.retrieval * factors.retrieval +
    CONFIDENCE_WEIGHTS.completeness * factors.completeness;
  const value = evidenceScore * (0.5 + factors.history);
  return { value: Math.round(clamp(value) * 1000) / 1000, factors };
}
