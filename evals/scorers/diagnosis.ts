/**
 * Diagnosis scorers: was an incident detected, were the category and severity right, was the root cause
 * named (top-1 / top-3, aliases allowed), and which key facts the investigation stated.
 */
import type { Triage } from "../../agents/triage/schema.js";
import type { ScenarioRun } from "../harness/run-scenario.js";
import { isRootCause } from "./match.js";
import type { DetectionResult } from "./types.js";

/** The responder called it an incident: an alarm fired and triage confirmed it. */
export function detectedIncident(run: ScenarioRun): boolean {
  return run.alarm !== undefined && run.state?.assessment?.isIncident === true;
}

export function detection(run: ScenarioRun): DetectionResult {
  const expected = run.scenario.groundTruth.isIncident;
  const got = detectedIncident(run);
  if (expected) return got ? "tp" : "fn";
  return got ? "fp" : "tn";
}

/**
 * Triage's suspects, best first. A dependency verdict puts the named third party first; it is what the
 * responder blames.
 */
export function rankedSuspects(triage: Triage | undefined): string[] {
  if (!triage) return [];
  const external = triage.externalDependency;
  const list =
    external && triage.category === "dependency"
      ? [external, ...triage.suspectedResources]
      : [...triage.suspectedResources, ...(external ? [external] : [])];
  return [...new Set(list)];
}

const SEVERITIES = ["SEV1", "SEV2", "SEV3", "SEV4"];

export interface DiagnosisScore {
  categoryCorrect: boolean | null;
  severityCorrect: boolean | null;
  severityWithinOne: boolean | null;
  rootCause: { top1: boolean; top3: boolean } | null;
}

/** Category, severity and root cause, scored only when the scenario is a real incident. */
export function diagnosis(run: ScenarioRun): DiagnosisScore {
  const truth = run.scenario.groundTruth;
  if (!truth.isIncident) {
    return { categoryCorrect: null, severityCorrect: null, severityWithinOne: null, rootCause: null };
  }
  const triage = run.state?.assessment;
  const suspects = rankedSuspects(triage);
  const causes = truth.rootCauseResources;
  const distance =
    triage && truth.severity
      ? Math.abs(SEVERITIES.indexOf(triage.severity) - SEVERITIES.indexOf(truth.severity))
      : Number.POSITIVE_INFINITY;
  return {
    categoryCorrect: triage?.category === truth.category,
    severityCorrect: truth.severity ? distance === 0 : null,
    severityWithinOne: truth.severity ? distance <= 1 : null,
    rootCause:
      causes.length === 0
        ? null
        : {
            top1: suspects[0] !== undefined && isRootCause(suspects[0], causes),
            top3: suspects.slice(0, 3).some((s) => isRootCause(s, causes)),
          },
  };
}

/** Everything the responder wrote about the incident, for key-fact matching. */
export function narrative(run: ScenarioRun): string {
  const s = run.state;
  if (!s) return "";
  return [
    s.assessment?.hypothesis,
    s.logFindings?.summary,
    ...(s.logFindings?.evidence ?? []).flatMap((e) => [e.template, e.sample]),
    ...(s.logFindings?.externalMentions ?? []),
    ...(s.runbooks?.candidates ?? []).map((c) => c.title),
    s.plan?.rationale,
    s.escalation?.reason,
    s.verification?.reason,
  ]
    .filter((t): t is string => typeof t === "string")
    .join("\n")
    .toLowerCase();
}

export function keyFacts(run: ScenarioRun): { found: string[]; missing: string[] } {
  const text = narrative(run);
  const facts = run.scenario.groundTruth.keyFacts;
  return {
    found: facts.filter((f) => text.includes(f.toLowerCase())),
    missing: facts.filter((f) => !text.includes(f.toLowerCase())),
  };
}
