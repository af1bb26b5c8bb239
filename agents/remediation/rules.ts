import { findAction } from "../../knowledge/actions/index.js";
import type { RunbookHit } from "../../knowledge/retrieval/types.js";
import type { ChangeEvent, Incident, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { LogFindings } from "../log-analysis/schema.js";
import type { RunbookCandidates } from "../runbook-retrieval/schema.js";
import type { Triage } from "../triage/schema.js";
import { type CapacityNeed, estimateCapacityNeed } from "./capacity-need.js";
import { lastKnownGood } from "./last-known-good.js";
import { applyTemplates, defaultParams } from "./params.js";
import { preCheck } from "./pre-checks.js";
import type { RemediationPlan } from "./schema.js";
import { relatedTarget, securityParams } from "./security-targets.js";
import { resolveStages } from "./stages.js";

export interface PlanEvidence {
  incident: Incident;
  assessment?: Triage;
  logFindings?: LogFindings;
  runbooks?: RunbookCandidates;
}

/**
 * The runbook to follow. Log evidence specific enough to overrule triage comes first: security signals (a
 * possible attack or compromise is never handled as load or a bad release) and a named third party failing
 * (its timeouts are not our code's fault, whatever we deployed recently) unless triage found something
 * specific on our own resources (an unhealthy instance, a throttling table): a name in the logs is not enough
 * by itself to overrule that. Then runbooks whose category
 * matches what triage or the logs concluded; otherwise retrieval order.
 */
export function chooseRunbook(evidence: PlanEvidence): RunbookHit | undefined {
  const candidates = evidence.runbooks?.candidates ?? [];
  const logs = evidence.logFindings;
  const fromLogs = logs?.suggestedCategory;
  // A named third party overrules only when triage found nothing specific on our own resources.
  const specific =
    fromLogs === "security" ||
    (fromLogs === "dependency" &&
      (logs?.externalMentions.length ?? 0) > 0 &&
      !evidence.assessment?.specificFinding);
  if (specific) {
    const overruling = candidates.find((c) => c.category === fromLogs);
    if (overruling) return overruling;
  }
  // A specific finding (an unhealthy instance, a throttling table) makes triage's category the one to follow.
  if (evidence.assessment?.specificFinding) {
    const own = candidates.find((c) => c.category === evidence.assessment?.category);
    if (own) return own;
  }
  // A change triage blamed from the evidence (its timing, the metric stepping with it) outranks a generic
  // phrase in the logs: "timed out" is as often a wait on a starved connection pool as a slow remote service.
  const blamedChange =
    (evidence.assessment?.recentChanges.length ?? 0) > 0 &&
    (evidence.assessment?.category === "configuration" || evidence.assessment?.category === "deployment");
  if (blamedChange) {
    const own = candidates.find((c) => c.category === evidence.assessment?.category);
    if (own) return own;
  }
  const wanted = [evidence.assessment?.category, fromLogs].filter(Boolean);
  return candidates.find((c) => wanted.includes(c.category)) ?? candidates[0];
}

interface Suspects {
  resources: ResourceDescription[];
  /** True when triage named nothing usable and these are simply all of the service's resources. */
  guessed: boolean;
}

async function describeSuspects(ports: Ports, triage: Triage): Promise<Suspects> {
  const found: ResourceDescription[] = [];
  for (const id of triage.suspectedResources) {
    const r = await ports.resources.describe(id);
    if (r) found.push(r);
  }
  if (found.length > 0) return { resources: found, guessed: false };
  return { resources: await ports.resources.listByService(triage.service), guessed: true };
}

/**
 * The resource an action would act on: a suspect of the right type, or the group of a suspect instance.
 * When nothing was suspected, only an unambiguous resource qualifies: never pick one of several instances.
 */
async function targetFor(ports: Ports, targetType: string, suspects: Suspects) {
  const direct = suspects.resources.filter((r) => r.type === targetType);
  if (direct.length > 0) return suspects.guessed && direct.length > 1 ? undefined : direct[0];
  for (const r of suspects.resources) {
    if (r.group) {
      const group = await ports.resources.describe(r.group);
      if (group?.type === targetType) return group;
    }
  }
  return undefined;
}

const ROLLBACKS: Record<string, { current: string }> = {
  "ecs-rollback-service": { current: "taskDefinition" },
  "lambda-rollback-alias": { current: "aliasVersion" },
};

/** The change triage blames (its first recent change), looked up among the service's changes. */
async function blamedChange(ports: Ports, evidence: PlanEvidence): Promise<ChangeEvent | undefined> {
  const triage = evidence.assessment;
  const id = triage?.recentChanges[0];
  if (!triage || !id) return undefined;
  const now = ports.clock.now();
  const since = new Date(now.getTime() - 24 * 60 * 60_000);
  return (await ports.changes.list({ service: triage.service, since, until: now })).find((c) => c.id === id);
}

/**
 * A rollback undoes one change: it applies only when the change triage blames is the one that put the
 * target on its current revision. Otherwise (a flag, a parameter, an IAM or network change, or nothing)
 * rolling back would redeploy without touching the cause.
 */
function rollbackMismatch(
  actionId: string,
  target: ResourceDescription,
  blamed: ChangeEvent | undefined,
): string | undefined {
  const rule = ROLLBACKS[actionId];
  if (!rule) return undefined;
  const current = String(target.attributes[rule.current] ?? "");
  if (!blamed)
    return `${actionId}: no recent change of ${target.id} is blamed, so there is nothing to roll back`;
  if (blamed.resourceId !== target.id || blamed.to !== current) {
    return `${actionId}: the blamed change ("${blamed.summary}") did not put ${target.id} on ${current}; a rollback would not undo it`;
  }
  return undefined;
}

/** A capacity step that cannot reach what the load needs: what it does and what is left for people. */
function capacityShortfall(
  need: CapacityNeed,
  params: Record<string, unknown>,
  target: ResourceDescription,
): RemediationPlan["shortfall"] {
  const planned = Number(params.DesiredCapacity);
  if (!need.exact || need.needed <= planned) return undefined;
  const max = Number(target.attributes.maxSize ?? planned);
  const left =
    need.needed > max
      ? `${target.id} needs about ${need.needed} instances but its MaxSize is ${max}: raise MaxSize or shed load`
      : `${target.id} needs about ${need.needed} instances; one step may only reach ${planned}`;
  return { needed: need.needed, planned, left };
}

interface RunbookAttempt {
  plan?: RemediationPlan;
  skipped: string[];
  /** A read-only pre-check found evidence against the runbook's premise (not merely no target or bad params). */
  refuted: boolean;
}

/** The runbook's first action that fits a suspect and passes its pre-check, or why none did. */
async function actionFrom(
  ports: Ports,
  evidence: PlanEvidence,
  triage: Triage,
  runbook: RunbookHit,
): Promise<RunbookAttempt> {
  const failed = new Set(
    (await ports.outcomes.forIncident(evidence.incident.id))
      .filter((o) => o.result === "failure")
      .map((o) => `${o.actionId}|${o.resourceId}`),
  );
  const suspects = await describeSuspects(ports, triage);
  const blamed = await blamedChange(ports, evidence);
  const skipped: string[] = [];
  let refuted = false;
  /** A single step that does only part of what is needed, held back while a later staged plan may do it all. */
  let partial: RemediationPlan | undefined;
  for (const ref of runbook.actions) {
    const action = findAction(ref.actionId);
    if (!action) {
      skipped.push(`${ref.actionId} is not in the action catalogue`);
      continue;
    }
    const target =
      (await targetFor(ports, action.targetType, suspects)) ??
      (await relatedTarget(ports, action.targetType, { triage, suspects: suspects.resources }));
    if (!target) {
      skipped.push(`${action.id}: no suspected ${action.targetType}`);
      continue;
    }
    const mismatch = rollbackMismatch(action.id, target, blamed);
    if (mismatch) {
      skipped.push(mismatch);
      continue;
    }
    const lkg = ROLLBACKS[action.id] ? await lastKnownGood(ports, action.id, target) : undefined;
    if (lkg?.status === "none") {
      skipped.push(`${action.id}: ${lkg.reason}`);
      continue;
    }
    const need =
      action.id === "asg-set-desired-capacity" ? await estimateCapacityNeed(ports, target) : undefined;
    const defaults = defaultParams(action.id, {
      target,
      alarmValue: triage.signals[0]?.latest,
      ...(blamed ? { change: blamed } : {}),
      ...(need ? { needed: need.needed } : {}),
      ...(lkg?.status === "found" ? { rollbackTo: lkg.revision } : {}),
    });
    if (!defaults) {
      skipped.push(`${action.id} cannot help ${target.id} in its current state`);
      continue;
    }
    const security = await securityParams(ports, action.id, target, {
      triage,
      suspects: suspects.resources,
      ...(evidence.logFindings?.suggestedCategory
        ? { logCategory: evidence.logFindings.suggestedCategory }
        : {}),
    });
    if ("skip" in security) {
      skipped.push(security.skip);
      refuted = true;
      continue;
    }
    const decided = [
      ...(lkg?.status === "found" ? ["taskDefinition", "version"] : []),
      ...Object.keys(security.params),
    ];
    const params = applyTemplates(ref.params, target, { ...defaults, ...security.params }, decided);
    const parsed = action.params.safeParse(params);
    if (!parsed.success) {
      skipped.push(`${action.id}: parameters do not validate (${parsed.error.issues[0]?.message})`);
      continue;
    }
    if (failed.has(`${action.id}|${action.targetOf(parsed.data)}`)) {
      skipped.push(`${action.id} already failed on this incident; never retried`);
      continue;
    }
    const unfit = await preCheck(ports, action.id, target);
    if (unfit) {
      skipped.push(`${action.id}: ${unfit}`);
      refuted = true;
      continue;
    }
    const shortfall = need ? capacityShortfall(need, parsed.data, target) : undefined;
    let staged: RemediationPlan["stages"];
    if (ref.next && ref.next.length > 0) {
      const made = await resolveStages(
        ports,
        ref,
        { action, target, params: parsed.data },
        (type) => targetFor(ports, type, suspects),
        triage.signals[0]?.latest,
      );
      if ("skip" in made) {
        skipped.push(`plan starting with ${action.id}: ${made.skip}`);
        continue;
      }
      staged = made.stages;
    }
    const plan: RemediationPlan = {
      kind: "action",
      actionId: action.id,
      params: parsed.data,
      runbookId: runbook.runbookId,
      escalateTo: runbook.escalationTeam,
      rationale:
        `runbook ${runbook.runbookId}: ${action.title} on ${target.id}${ref.when ? ` (${ref.when})` : ""}` +
        (lkg?.status === "found" ? `; ${lkg.reason}` : "") +
        (security.note ? `; ${security.note}` : "") +
        (shortfall
          ? `; partial mitigation: ${shortfall.planned} of the ${shortfall.needed} instances needed, then escalate (${need?.basis})`
          : ""),
      ...(shortfall ? { shortfall } : {}),
      ...(staged
        ? {
            stages: staged,
            goal: `the alarm that opened the incident recovers once the last of the ${staged.length} stages ran`,
          }
        : {}),
    };
    // A single step that can only do part of what is needed yields to a later staged plan that can do it all.
    if (shortfall && !staged && !partial) {
      partial = plan;
      skipped.push(`${action.id}: only part of what is needed (${shortfall.left})`);
      continue;
    }
    if (staged)
      plan.rationale += `; a ${staged.length}-stage plan: ${staged.map((s) => s.actionId).join(" → ")}`;
    return { plan, skipped, refuted };
  }
  if (partial) {
    const held = partial.actionId;
    return { plan: partial, skipped: skipped.filter((x) => !x.startsWith(`${held}: only part`)), refuted };
  }
  return { skipped, refuted };
}

/** The deterministic remediation reasoner: the chosen runbook's first action that fits a suspect. */
export async function planByRules(ports: Ports, evidence: PlanEvidence): Promise<RemediationPlan> {
  const { assessment: triage } = evidence;
  if (!triage?.isIncident)
    return { kind: "no-action", rationale: triage?.hypothesis ?? "triage found no incident" };
  const remote = triage.crossService;
  if (remote) {
    return {
      kind: "escalate",
      escalateTo: remote.team,
      rationale: `the failing calls go to ${remote.resource} of ${remote.service} (${remote.evidence}); its owners, ${remote.team}, hold the fix, and nothing of ${triage.service} would help`,
    };
  }
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
  const first = await actionFrom(ports, evidence, triage, runbook);
  if (first.plan) return first.plan;
  // Evidence refuted this runbook's premise (e.g. the disk is not full of logs): another runbook for the
  // same kind of problem, next in the ranking, may be the one that applies. So may a security runbook
  // (a load that is really a flood): its actions plan only on their own evidence and always ask a human.
  if (first.refuted) {
    const alternatives = (evidence.runbooks?.candidates ?? []).filter(
      (c) =>
        c.runbookId !== runbook.runbookId &&
        (c.category === runbook.category || c.category === "security") &&
        c.actions.length > 0,
    );
    for (const alternative of alternatives) {
      const next = await actionFrom(ports, evidence, triage, alternative);
      if (next.plan)
        return {
          ...next.plan,
          rationale: `${next.plan.rationale}; not runbook ${runbook.runbookId}: ${first.skipped.join("; ")}`,
        };
    }
  }
  const skipped = first.skipped;
  return {
    kind: "escalate",
    runbookId: runbook.runbookId,
    escalateTo: runbook.escalationTeam,
    rationale: `no action of runbook ${runbook.runbookId} applies: ${skipped.join("; ")}`,
  };
}
