import { Command } from "@langchain/langgraph";
import { chooseRunbook } from "../../agents/remediation/rules.js";
import { signatureOf } from "../../agents/shared/incident-facts.js";
import { findAction } from "../../knowledge/actions/index.js";
import type { ActionDefinition, BlastVerdict } from "../../knowledge/actions/types.js";
import type { ResourceDescription } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import type { GraphDeps } from "../deps.js";
import { computeConfidence } from "../policy/confidence.js";
import { decide } from "../policy/gate.js";
import type { GateDecision } from "../policy/schema.js";
import type { IncidentStateValue } from "../state.js";
import { audit, note } from "./common.js";

export const SAFETY_GATE_NODE = "safety-gate";
export const SAFETY_GATE_ENDS = ["execute", "request-approval", "escalate", "record"] as const;
type GateRoute = (typeof SAFETY_GATE_ENDS)[number];

/** Signature of an incident kind, for outcome statistics: category and alarm metric. */
export function incidentSignature(state: Pick<IncidentStateValue, "incident" | "assessment">): string {
  return signatureOf(state.incident, state.assessment?.category);
}

async function worldAround(
  ports: Ports,
  action: ActionDefinition,
  params: Record<string, unknown>,
  windowMinutes: number,
) {
  const targetId = action.targetOf(params);
  const target = await ports.resources.describe(targetId);
  if (!target) return { target: undefined, blast: undefined, recent: 0 };
  const siblings: ResourceDescription[] = target.group
    ? (await ports.resources.listByService(target.service)).filter((r) => r.group === target.group)
    : [];
  const since = new Date(ports.clock.now().getTime() - windowMinutes * 60_000);
  const onTarget = await ports.outcomes.recentOnResource(targetId, since);
  const onGroup = target.group
    ? (
        await Promise.all(
          siblings.filter((s) => s.id !== targetId).map((s) => ports.outcomes.recentOnResource(s.id, since)),
        )
      ).flat()
    : [];
  const blast: BlastVerdict = action.blastRadius(params, {
    target,
    siblings,
    recentActionsOnGroup: onGroup.length,
  });
  return { target, blast, recent: onTarget.length };
}

function route(outcome: GateDecision["outcome"]): GateRoute {
  switch (outcome) {
    case "auto":
      return "execute";
    case "approve":
      return "request-approval";
    case "none":
      return "record";
    default:
      return "escalate";
  }
}

/** The safety gate node: catalogue, parameters, rate limit, blast radius, confidence, policy table. */
export function createSafetyGateNode(deps: GraphDeps) {
  const { ports, policy } = deps;
  return async (state: IncidentStateValue) => {
    const plan = state.plan ?? { kind: "escalate" as const, rationale: "no plan" };
    const round = (state.gate?.round ?? 0) + 1;
    const action = plan.actionId ? findAction(plan.actionId) : undefined;
    const params = plan.params ?? {};
    const parsed = action?.params.safeParse(params);
    const world =
      action && parsed?.success
        ? await worldAround(ports, action, parsed.data, policy.rateLimit.windowMinutes)
        : undefined;

    const runbook = chooseRunbook(state);
    const signature = incidentSignature(state);
    const stats = action ? await ports.outcomes.stats(signature, action.id) : { successes: 0, failures: 0 };
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
    const verdict = decide({
      proposal: plan,
      findAction,
      policy,
      now: ports.clock.now(),
      confidence,
      blastRadius: world?.blast,
      recentActionsOnTarget: world?.recent ?? 0,
      targetMissing: parsed?.success === true && world?.target === undefined,
    });

    let next = route(verdict.outcome);
    const edited =
      state.humanDecision?.decision === "edit" && state.humanDecision.edited?.actionId === plan.actionId;
    if (edited && verdict.outcome === "approve") {
      next = "execute";
      verdict.reasons.push(`the approver's edit (${state.humanDecision?.by}) is their sign-off`);
    }
    const gate: GateDecision = {
      outcome: verdict.outcome,
      actionId: action?.id ?? plan.actionId,
      params: verdict.params ?? plan.params,
      target: verdict.target,
      risk: verdict.risk,
      confidence: verdict.outcome === "none" ? undefined : confidence,
      blastRadius: world?.blast,
      reasons: verdict.reasons,
      round,
    };
    await audit(
      ports,
      state.incident.id,
      SAFETY_GATE_NODE,
      "gate-decision",
      `${gate.outcome}: ${gate.actionId ?? plan.kind}`,
      {
        gate,
      },
    );
    const headline =
      gate.outcome === "none"
        ? "no action needed"
        : `${gate.outcome.toUpperCase()} ${gate.actionId ?? ""} (risk ${gate.risk ?? "n/a"}, confidence ${confidence.value.toFixed(2)})`;
    return new Command({
      goto: next,
      update: { gate, timeline: [note(ports, SAFETY_GATE_NODE, headline, verdict.reasons.join("\n"))] },
    });
  };
}
