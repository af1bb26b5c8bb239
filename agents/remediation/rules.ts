import { findAction } from "../../knowledge/actions/index.js";
import type { RunbookHit } from "../../knowledge/retrieval/types.js";
import type { Incident, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { LogFindings } from "../log-analysis/schema.js";
import type { RunbookCandidates } from "../runbook-retrieval/schema.js";
import type { Triage } from "../triage/schema.js";
import { applyTemplates, defaultParams } from "./params.js";
import type { RemediationPlan } from "./schema.js";

export interface PlanEvidence {
  incident: Incident;
  assessment?: Triage;
  logFindings?: LogFindings;
  runbooks?: RunbookCandidates;
}

/** Runbooks whose category matches what triage or the logs concluded come first; otherwise retrieval order. */
export function chooseRunbook(evidence: PlanEvidence): RunbookHit | undefined {
  const candidates = evidence.runbooks?.candidates ?? [];
  const wanted = [evidence.assessment?.category, evidence.logFindings?.suggestedCategory].filter(Boolean);
  return candidates.find((c) => wanted.includes(c.category)) ?? candidates[0];
}

async function describeSuspects(ports: Ports, triage: Triage): Promise<ResourceDescription[]> {
  const found: ResourceDescription[] = [];
  for (const id of triage.suspectedResources) {
    const r = await ports.resources.describe(id);
    if (r) found.push(r);
  }
  if (found.length === 0) found.push(...(await ports.resources.listByService(triage.service)));
  return found;
}

/** The resource an action would act on: a suspect of the right type, or the group of a suspect instance. */
async function targetFor(ports: Ports, targetType: string, suspects: ResourceDescription[]) {
  const direct = suspects.find((r) => r.type === targetType);
  if (direct) return direct;
  for (const r of suspects) {
    if (r.group) {
      const group = await ports.resources.describe(r.group);
      if (group?.type === targetType) return group;
    }
  }
  return undefined;
}

/** The deterministic remediation reasoner: the chosen runbook's first action that fits a suspect. */
export async function planByRules(ports: Ports, evidence: PlanEvidence): Promise<RemediationPlan> {
  const { assessment: triage } = evidence;
  if (!triage?.isIncident)
    return { kind: "no-action", rationale: triage?.hypothesis ?? "triage found no incident" };
  const runbook = chooseRunbook(evidence);
  if (!runbook) {
    return { kind: "escalate", rationale: "no runbook fits this incident; a human has to investigate" };
  }
  if (runbook.actions.length === 0) {
    return {
      kind: "escalate",
      runbookId: runbook.runbookId,
      escalateTo: runbook.escalationTeam,
      rationale: `runbook ${runbook.runbookId} (${runbook.title}) prescribes no automated action: escalate`,
    };
  }
  const failed = new Set(
    (await ports.outcomes.forIncident(evidence.incident.id))
      .filter((o) => o.result === "failure")
      .map((o) => `${o.actionId}|${o.resourceId}`),
  );
  const suspects = await describeSuspects(ports, triage);
  const skipped: string[] = [];
  for (const ref of runbook.actions) {
    const action = findAction(ref.actionId);
    if (!action) {
      skipped.push(`${ref.actionId} is not in the action catalogue`);
      continue;
    }
    const target = await targetFor(ports, action.targetType, suspects);
    if (!target) {
      skipped.push(`${action.id}: no suspected ${action.targetType}`);
      continue;
    }
    const defaults = defaultParams(action.id, { target, alarmValue: triage.signals[0]?.latest });
    if (!defaults) {
      skipped.push(`${action.id} cannot help ${target.id} in its current state`);
      continue;
    }
    const params = applyTemplates(ref.params, target, defaults);
    const parsed = action.params.safeParse(params);
    if (!parsed.success) {
      skipped.push(`${action.id}: parameters do not validate (${parsed.error.issues[0]?.message})`);
      continue;
    }
    if (failed.has(`${action.id}|${action.targetOf(parsed.data)}`)) {
      skipped.push(`${action.id} already failed on this incident; never retried`);
      continue;
    }
    return {
      kind: "action",
      actionId: action.id,
      params: parsed.data,
      runbookId: runbook.runbookId,
      escalateTo: runbook.escalationTeam,
      rationale: `runbook ${runbook.runbookId}: ${action.title} on ${target.id}${ref.when ? ` (${ref.when})` : ""}`,
    };
  }
  return {
    kind: "escalate",
    runbookId: runbook.runbookId,
    escalateTo: runbook.escalationTeam,
    rationale: `no action of runbook ${runbook.runbookId} applies: ${skipped.join("; ")}`,
  };
}
