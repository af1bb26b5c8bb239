import { describeCost } from "../../knowledge/actions/cost.js";
import { findAction } from "../../knowledge/actions/index.js";
import type { IncidentStateValue } from "../state.js";
import { currentStage, planHash } from "./stages.js";

/** Agent Inbox `HumanInterrupt` shape (what Studio and the Agent Inbox render). */
export interface HumanInterrupt {
  action_request: { action: string; args: Record<string, unknown> };
  config: { allow_ignore: boolean; allow_respond: boolean; allow_edit: boolean; allow_accept: boolean };
  description?: string;
  /**
   * What a signed approval must bind to: this incident, this gate round, these exact arguments, and for a
   * staged plan whose policy lets one sign-off cover the plan, the hash of the stages shown.
   */
  binding?: { incidentId: string; round: number; risk?: string; planHash?: string };
}

/** The approval request: the exact action and arguments, risk, confidence, evidence and blast radius. */
export function buildHumanInterrupt(
  state: IncidentStateValue,
  link?: string,
  /** Policy `planApproval: plan`: the accept also signs the remaining stages, as listed. */
  offerPlan = false,
): HumanInterrupt {
  const gate = state.gate!;
  const stage = currentStage(state);
  const stages = state.plan?.stages ?? [];
  const covers = offerPlan && stage !== undefined && !stage.last;
  const stageLines = stage
    ? [
        `**Staged plan:** stage ${stage.index + 1} of ${stage.total}${covers ? " — accepting signs off this stage and the later ones as listed" : " — each later stage that needs sign-off asks again"}`,
        ...stages.map(
          (s, i) =>
            `${i + 1}. ${i < stage.index ? "✓ done" : i === stage.index ? "▶ now" : "· next"} \`${s.actionId}\` on \`${s.target}\` ${JSON.stringify(s.params)}`,
        ),
      ]
    : [];
  const action = gate.actionId ? findAction(gate.actionId) : undefined;
  const evidence = (state.logFindings?.evidence ?? [])
    .slice(0, 3)
    .map((e) => `- ${e.kind}: \`${e.sample.slice(0, 160)}\``);
  const factors = gate.confidence?.factors;
  const lines = [
    `### ${state.incident.title}`,
    `**Proposed:** ${action?.title ?? gate.actionId} on \`${gate.target}\``,
    `**Risk:** ${gate.risk} (${action?.reversible ? "reversible" : "not reversible"}) · **Confidence:** ${gate.confidence?.value.toFixed(2)}` +
      (factors
        ? ` (agreement ${factors.agreement.toFixed(2)}, retrieval ${factors.retrieval.toFixed(2)}, history ${factors.history.toFixed(2)}, completeness ${factors.completeness.toFixed(2)})`
        : ""),
    `**Blast radius:** ${gate.blastRadius?.reason ?? "n/a"} — affects ${gate.blastRadius?.affected.join(", ") ?? gate.target}`,
    `**Estimated cost:** ${gate.cost ? describeCost(gate.cost).replace("estimated added cost: ", "") : "n/a"}`,
    ...stageLines,
    `**Triage:** ${state.assessment?.hypothesis ?? "n/a"}`,
    "**Log evidence:**",
    ...(evidence.length ? evidence : ["- none"]),
    `**Why the gate asks:** ${gate.reasons.join("; ")}`,
    ...(link ? [`**Approve or reject:** ${link}`] : []),
  ];
  return {
    action_request: { action: gate.actionId ?? "unknown", args: gate.params ?? {} },
    config: { allow_ignore: true, allow_respond: true, allow_edit: true, allow_accept: true },
    description: lines.join("\n"),
    binding: {
      incidentId: state.incident.id,
      round: gate.round,
      ...(gate.risk ? { risk: gate.risk } : {}),
      ...(covers && stage ? { planHash: planHash(stages, stage.index) } : {}),
    },
  };
}
