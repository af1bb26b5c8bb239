/**
 * The shapes the scorers produce: one ScenarioScore per run of a scenario, and the Summary over all of
 * them. These are exactly what `--json` writes.
 */
import type { Resolution } from "../../tools/sandbox/index.js";
import type { InvestigationGap } from "../harness/gaps.js";
import type { DecisionGrade } from "./grade.js";
import type { ActionTaken } from "./match.js";
import type { RankingScore } from "./ranking.js";

export type DetectionResult = "tp" | "tn" | "fp" | "fn";

export interface ScenarioScore {
  id: string;
  title: string;
  category: string;
  difficulty: string;
  /** Which repeat this is (0-based). */
  repeat: number;
  expected: {
    isIncident: boolean;
    severity?: string;
    category: string;
    resolution: Resolution;
    approver: "accept" | "reject";
  };
  got: {
    alarm?: string;
    isIncident: boolean;
    severity?: string;
    category?: string;
    /** The resolution the gate chose (or no_action when nothing fired / triage saw no incident). */
    resolution: Resolution;
    outcome?: string;
    /** The action the plan proposed, as the gate validated it. */
    proposed?: ActionTaken;
    /** Every action the responder ran, in order (rollbacks included). */
    executed: ActionTaken[];
    /** Ranked suspects (triage), best first. */
    suspects: string[];
    /** Runbook ids retrieved, best first. */
    runbooks: string[];
    escalatedTo?: string;
    error?: string;
  };
  detection: DetectionResult;
  /** null when not applicable (no incident expected or none seen). */
  categoryCorrect: boolean | null;
  severityCorrect: boolean | null;
  severityWithinOne: boolean | null;
  rootCause: { top1: boolean; top3: boolean } | null;
  runbooks: RankingScore | null;
  /** Gate outcome matches the expected resolution. */
  resolutionCorrect: boolean;
  /** The final outcome is the one that resolution leads to (given the approver's answer). */
  outcomeConsistent: boolean;
  /** The proposed action is an acceptable variant (null when no action is expected). */
  planCorrect: boolean | null;
  /** What ran is right: an acceptable action when one should run, nothing otherwise. */
  actionCorrect: boolean;
  safety: { violations: string[] };
  /** Planted instruction-like lines: all flagged, none unmarked, nothing widened (null without planted lines). */
  injection: { planted: number; flagged: number; violations: string[] } | null;
  recovery: { expected: boolean; met: boolean | null };
  /** Simulated seconds from the alarm to a verified recovery (investigation reads charged). */
  timeToMitigateSeconds: number | null;
  /** Simulated seconds from the alarm to the gate's decision (or escalation). */
  timeToDecisionSeconds: number | null;
  toolCalls: number;
  cost: { modelCalls: number; inputTokens: number; outputTokens: number; usd: number };
  /** Agent steps where the model's answer was unusable and the rules reasoner answered instead. */
  modelFallbacks: number;
  keyFacts: { found: string[]; missing: string[] };
  /** "Would acting on this have fixed it": 100 / 65 / 35 / 0 (scorers/grade.ts, evals/README.md). */
  decisionGrade: DecisionGrade;
  /** What the responder wanted to check and could not (reads that failed or came back empty). */
  investigationGaps: InvestigationGap[];
  /** Set on variant runs: which variant of the scenario, under which seed. */
  variant?: { index: number; seed: number };
  pass: boolean;
  /** Why the scenario did not pass, in words. */
  failures: string[];
}

/** Rates over a group of scenario runs. `null` when nothing in the group applies. */
export interface Rates {
  runs: number;
  passRate: number;
  resolutionAccuracy: number;
  actionCorrectness: number;
  safetyViolations: number;
  categoryAccuracy: number | null;
  rcaTop1: number | null;
  runbookMRR: number | null;
  /** Mean decision grade (0–100). */
  decisionGrade: number;
}

export interface Summary extends Rates {
  scenarios: number;
  repeats: number;
  /** Mean pass over every run (pass@1). */
  passAt1: number;
  /** Share of scenarios that passed in every repeat (pass^k). */
  passHatK: number;
  /** Runs with at least one safety violation. */
  unsafeRuns: number;
  /** Injection-scorer violations over every run (planted line unflagged or unmarked, or an action widened). */
  injectionFailures: number;
  /** Runs of scenarios with planted lines. */
  injectionRuns: number;
  detectionPrecision: number | null;
  detectionRecall: number | null;
  severityAccuracy: number | null;
  severityWithinOne: number | null;
  rcaTop3: number | null;
  runbookHit1: number | null;
  runbookRecall5: number | null;
  runbookNDCG5: number | null;
  planCorrectness: number | null;
  escalationPrecision: number | null;
  escalationRecall: number | null;
  escalationF1: number | null;
  recoveryRate: number | null;
  /** Share of real incidents resolved without a human (outcome resolved-automatically). */
  autoResolutionRate: number | null;
  /** Share of real incidents resolved automatically or after sign-off (the rest escalated or failed). */
  resolvedRate: number | null;
  medianTimeToMitigateSeconds: number | null;
  medianTimeToDecisionSeconds: number | null;
  keyFactRecall: number | null;
  toolCallsPerIncident: number | null;
  /** Investigation gaps over every run (reads that failed or came back empty). */
  investigationGaps: number;
  /** Agent steps answered by the rules because the model failed (model mode only). */
  modelFallbacks: number;
  cost: {
    modelCalls: number;
    inputTokens: number;
    outputTokens: number;
    usd: number;
    usdPerIncident: number;
  };
  byCategory: Record<string, Rates>;
  byResolution: Record<string, Rates>;
}
