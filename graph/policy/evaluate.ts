/**
 * Everything the gate needs, read from the world and the incident, for the plan under judgement: the
 * target and its group, the incident's blast set, recent and in-flight actions, and confidence computed for
 * this plan's own runbook, action and target. The safety-gate node and `execute` (right before the side
 * effect) both call `evaluatePlan`, so the decision is made again from facts, never read back from state.
 */
import { signatureOf } from "../../agents/shared/incident-facts.js";
import { estimateCost, withEarlierStages } from "../../knowledge/actions/cost.js";
import { findAction } from "../../knowledge/actions/index.js";
import type { ActionDefinition, BlastVerdict } from "../../knowledge/actions/types.js";
import type { RunbookHit } from "../../knowledge/retrieval/types.js";
import type { ActionOutcome, ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { IncidentStateValue } from "../state.js";
import { computeConfidence } from "./confidence.js";
import type { GatePolicy } from "./config.js";
import { decide, type GateVerdict } from "./gate.js";
import { planShapeProblem } from "./plan-shape.js";
import type { Confidence } from "./schema.js";

type PlanState = Pick<IncidentStateValue, "incident" | "assessment" | "logFindings" | "runbooks" | "plan"> &
  Partial<Pick<IncidentStateValue, "stageResults">>;

/** Signature of an incident kind, for outcome statistics: category and alarm metric. */
export function incidentSignature(state: Pick<IncidentStateValue, "incident" | "assessment">): string {
  return signatureOf(state.incident, state.assessment?.category);
}

/**
 * The resources this incident may change: the alarmed resources, the resources of the incident's own service
 * (with their groups), and triage's suspects, but a suspect only when code-visible facts tie it to the
 * incident: it belongs to the incident's service (or to an alarmed resource's service) or to a service that
 * one of those calls, per the service map. Triage may be a model, so naming a resource is not enough to bring
 * another team's system into reach.
 */
export async function blastSet(ports: Ports, state: PlanState): Promise<Set<string>> {
  const ids = new Set<string>();
  const add = (r?: ResourceDescription) => {
    if (!r) return;
    ids.add(r.id);
    if (r.group) ids.add(r.group);
  };
  const alarmed = (
    await Promise.all(
      state.incident.alerts
        .flatMap((a) => a.resources)
        .filter((id) => id.length > 0)
        .map((id) => ports.resources.describe(id)),
    )
  ).filter((r): r is ResourceDescription => r !== undefined);
  for (const r of alarmed) add(r);
  const own = new Set<string>(alarmed.map((r) => r.service));
  if (state.incident.service) own.add(state.incident.service);
  for (const service of own) for (const r of await ports.resources.listByService(service)) add(r);
  const related = new Set(own);
  for (const service of own)
    for (const d of await ports.resources.dependencies(service)) related.add(d.service);
  for (const id of state.assessment?.suspectedResources ?? []) {
    const suspect = id.length > 0 ? await ports.resources.describe(id) : undefined;
    if (suspect && related.has(suspect.service)) add(suspect);
  }
  return ids;
}

/** The retrieved runbook that prescribes this plan's action: the plan's own if it does, else the best that does. */
export function runbookForPlan(state: PlanState): RunbookHit | undefined {
  const actionId = state.plan?.actionId;
  if (!actionId) return undefined;
  const prescribing = (state.runbooks?.candidates ?? []).filter((c) =>
    c.actions.some((a) => a.actionId === actionId || a.next?.some((t) => t.actionId === actionId)),
  );
  return prescribing.find((c) => c.runbookId === state.plan?.runbookId) ?? prescribing[0];
}

const PENDING = "pending";

/** Distinct actions (incident × action) on a resource; a pending claim and its result count once. */
function distinctActions(outcomes: readonly ActionOutcome[]): number {
  return new Set(outcomes.map((o) => `${o.incidentId}\u0000${o.actionId}`)).size;
}

/** Claims by other incidents that have not finished: a change still in flight. */
export function inFlightElsewhere(outcomes: readonly ActionOutcome[], incidentId: string): ActionOutcome[] {
  const finished = new Set(
    outcomes.filter((o) => o.result !== PENDING).map((o) => `${o.incidentId}\u0000${o.actionId}`),
  );
  return outcomes.filter(
    (o) =>
      o.result === PENDING &&
      o.incidentId !== incidentId &&
      !finished.has(`${o.incidentId}\u0000${o.actionId}`),
  );
}

export interface PlanEvaluation {
  verdict: GateVerdict;
  confidence: Confidence;
  action?: ActionDefinition;
  target?: ResourceDescription;
  blast?: BlastVerdict;
}

async function worldAround(
  ports: Ports,
  action: ActionDefinition,
  params: Record<string, unknown>,
  policy: GatePolicy,
  incidentId: string,
  /** Actions of this incident's own staged plan: its earlier stages are the plan, not another change. */
  planActions: ReadonlySet<string> = new Set(),
) {
  const targetId = action.targetOf(params);
  const target = await ports.resources.describe(targetId);
  if (!target) return undefined;
  const siblings: ResourceDescription[] = target.group
    ? (await ports.resources.listByService(target.service)).filter((r) => r.group === target.group)
    : [];
  const since = new Date(ports.clock.now().getTime() - policy.rateLimit.windowMinutes * 60_000);
  // This incident's own claim on this action is not "another" action (a resumed execute must not block itself).
  const others = (o: ActionOutcome) =>
    !(o.incidentId === incidentId && (o.actionId === action.id || planActions.has(o.actionId)));
  const onTarget = (await ports.outcomes.recentOnResource(target.id, since)).filter(others);
  const onGroup = (
    await Promise.all(
      siblings.filter((s) => s.id !== target.id).map((s) => ports.outcomes.recentOnResource(s.id, since)),
    )
  )
    .flat()
    .filter(others);
  const blast = action.blastRadius(params, {
    target,
    siblings,
    recentActionsOnGroup: distinctActions(onGroup),
  });
  const inFlight = inFlightElsewhere([...onTarget, ...onGroup], incidentId);
  return { target, blast, recent: distinctActions(onTarget), inFlight };
}

/** Judges the plan in state as it stands now. */
export async function evaluatePlan(
  ports: Ports,
  policy: GatePolicy,
  state: PlanState,
): Promise<PlanEvaluation> {
  const plan = state.plan ?? { kind: "escalate" as const, rationale: "no plan" };
  const action = plan.actionId ? findAction(plan.actionId) : undefined;
  const parsed = action?.params.safeParse(plan.params ?? {});
  const world =
    action && parsed?.success
      ? await worldAround(
          ports,
          action,
          parsed.data,
          policy,
          state.incident.id,
          new Set((plan.stages ?? []).map((s) => s.actionId)),
        )
      : undefined;
  const runbook = runbookForPlan(state);
  const stats = action
    ? await ports.outcomes.stats(incidentSignature(state), action.id)
    : { successes: 0, failures: 0 };
  const confidence = computeConfidence({
    runbookCategory: runbook?.category,
    triageCategory: state.assessment?.category,
    logCategory: state.logFindings?.suggestedCategory,
    retrievalScore: runbook?.score,
    successes: stats.successes,
    failures: stats.failures,
    evidence: {
      suspectNamed: (state.assessment?.suspectedResources.length ?? 0) > 0,
      metricRead: (state.assessment?.signals.length ?? 0) > 0,
      logEvidence: (state.logFindings?.evidence.length ?? 0) > 0,
      runbookChosen: runbook !== undefined,
      targetDescribed: world?.target !== undefined,
    },
  });
  const inBlastSet = world?.target ? (await blastSet(ports, state)).has(world.target.id) : undefined;
  const verdict = decide({
    proposal: plan,
    findAction,
    policy,
    now: ports.clock.now(),
    confidence,
    blastRadius: world?.blast,
    recentActionsOnTarget: world?.recent ?? 0,
    targetMissing: parsed?.success === true && world?.target === undefined,
    ...(world?.target && action?.riskFor && parsed?.success
      ? { directionRisk: action.riskFor(parsed.data, world.target) }
      : {}),
    ...(inBlastSet === undefined ? {} : { inBlastSet }),
    ...(world?.target && action && parsed?.success
      ? {
          cost: withEarlierStages(
            estimateCost(action.id, parsed.data, world.target),
            (plan.stages ? (state.stageResults ?? []) : [])
              .filter((r) => r.execution.before)
              .map((r) => estimateCost(r.actionId, r.params, r.execution.before!)),
          ),
        }
      : {}),
    inFlight: world?.inFlight.map((o) => `${o.actionId} by incident ${o.incidentId}`) ?? [],
  });
  // Acting blind is not allowed: a success signal with an unknown dimension (no target group or function on
  // record for the resource) could never show recovery, and a "not recovered" would then undo a right fix.
  const unmeasurable =
    world?.target && action && parsed?.success
      ? unmeasurableSignal(action.successSignal(parsed.data, world.target))
      : undefined;
  if (unmeasurable && (verdict.outcome === "auto" || verdict.outcome === "approve")) {
    verdict.outcome = "escalate";
    verdict.reasons.push(
      `refused: ${action?.id} could not be verified on ${world?.target?.id} (${unmeasurable}); a human decides`,
    );
  }
  const misshapen = planShapeProblem(plan);
  if (misshapen && (verdict.outcome === "auto" || verdict.outcome === "approve")) {
    verdict.outcome = "escalate";
    verdict.reasons.push(`refused: ${misshapen}`);
  }
  return {
    verdict,
    confidence,
    ...(action ? { action } : {}),
    ...(world?.target ? { target: world.target } : {}),
    ...(world?.blast ? { blast: world.blast } : {}),
  };
}

/** Why a success signal cannot be watched (a dimension with no value), or undefined when it can. */
export function unmeasurableSignal(signal: {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
}): string | undefined {
  const empty = Object.entries(signal.dimensions).filter(([, v]) => v.trim() === "");
  if (empty.length === 0) return undefined;
  return `its signal ${signal.namespace} ${signal.metric} needs ${empty.map(([k]) => k).join(", ")}, which is not known`;
}
