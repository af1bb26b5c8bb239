import { Command, interrupt } from "@langchain/langgraph";
import { findAction } from "../../knowledge/actions/index.js";
import { canonicalJson } from "../../tools/canonical-json.js";
import type { GraphDeps } from "../deps.js";
import { verifyApproval } from "../policy/approval-proof.js";
import { checkSignOff } from "../policy/recheck.js";
import type { Approval, IncidentStateValue, PlanApproval } from "../state.js";
import { buildHumanInterrupt, type HumanInterrupt } from "./approval-payload.js";
import { parseApprovalResponse } from "./approval-response.js";
import { audit, note } from "./common.js";
import { currentStage } from "./stages.js";

export const APPROVAL_NODE = "approval";
export const APPROVAL_ENDS = ["claim-action", "escalate", "safety-gate"] as const;
const MAX_ATTEMPTS = 3;

/**
 * Whether an answer may stand, and with which authenticated identity. A reject needs none (it only escalates).
 * An accept needs a signed approval of exactly the gated action, arguments and round, from an identity allowed
 * at this risk. An edit needs a signed approval of exactly the edited action and arguments; whether it only
 * narrows the request is worked out here, from the catalogue and the target as it is.
 */
async function authenticate(
  deps: GraphDeps,
  state: IncidentStateValue,
  approval: Approval,
): Promise<{ ok: true; approval: Approval } | { ok: false; error: string }> {
  const gate = state.gate!;
  if (approval.decision === "reject") return { ok: true, approval };
  const now = deps.ports.clock.now();
  if (!approval.proof && deps.localApprover) {
    // Local Studio on the simulated account only: the dev server's own user is the approver.
    return { ok: true, approval: { ...approval, by: deps.localApprover, identity: deps.localApprover } };
  }
  if (approval.decision === "accept") {
    const check = checkSignOff(
      deps,
      { ...state, humanDecision: approval },
      gate,
      gate.risk ?? "critical",
      now,
    );
    if (!check.ok) return { ok: false, error: check.reason };
    return { ok: true, approval: { ...approval, by: check.identity, identity: check.identity } };
  }
  const edited = approval.edited!;
  const proof = verifyApproval(deps.approvalKey, approval.proof, {
    incidentId: state.incident.id,
    round: gate.round,
    actionId: edited.actionId,
    params: edited.params,
    now,
  });
  if (!proof.ok) return { ok: false, error: proof.reason };
  const action = gate.actionId ? findAction(gate.actionId) : undefined;
  let narrowing = false;
  if (action && edited.actionId === action.id) {
    const asked = action.params.safeParse(gate.params ?? {});
    const wanted = action.params.safeParse(edited.params);
    const target = gate.target ? await deps.ports.resources.describe(gate.target) : undefined;
    if (asked.success && wanted.success && target) {
      narrowing =
        canonicalJson(asked.data) === canonicalJson(wanted.data) ||
        (action.narrows?.(asked.data, wanted.data, target) ?? false);
    }
  }
  const identity = proof.claims.identity;
  return { ok: true, approval: { ...approval, by: identity, identity, narrowing } };
}

/** The plan sign-off an accept carries when its request offered the remaining stages (planHash bound). */
function planSignOff(
  state: IncidentStateValue,
  request: HumanInterrupt,
  approval: Approval,
): PlanApproval | undefined {
  const hash = request.binding?.planHash;
  const stage = currentStage(state);
  if (!hash || !stage || !state.gate) return undefined;
  return {
    identity: approval.identity ?? approval.by,
    ...(approval.proof ? { proof: approval.proof } : {}),
    round: state.gate.round,
    stageIndex: stage.index,
    actionId: state.gate.actionId ?? "",
    params: state.gate.params ?? {},
    planHash: hash,
    at: approval.at,
  };
}

/**
 * Pauses for a human. Nothing before interrupt() has side effects. An unreadable or unauthenticated answer
 * is asked again (up to three times) rather than guessed; an accept runs the gated action (after the gate
 * is asked once more in claim-action), a reject escalates, an edit goes back through the gate: a narrowing
 * edit counts as the sign-off, a wider one is a new proposal that needs a new sign-off.
 */
export function createApprovalNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const request = buildHumanInterrupt(state, undefined, deps.policy.planApproval === "plan");
    let error = "";
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const payload: HumanInterrupt[] = [
        error
          ? { ...request, description: `${request.description}\n\n**Previous answer rejected:** ${error}` }
          : request,
      ];
      const answer = interrupt<HumanInterrupt[], unknown>(payload);
      const parsed = parseApprovalResponse(answer, ports.clock.now().toISOString());
      if (!parsed.ok) {
        error = parsed.error;
        continue;
      }
      const authenticated = await authenticate(deps, state, parsed.approval);
      if (!authenticated.ok) {
        error = `${parsed.approval.decision} refused: ${authenticated.error}`;
        continue;
      }
      const approval = authenticated.approval;
      await audit(
        ports,
        state.incident.id,
        APPROVAL_NODE,
        `approval-${approval.decision}`,
        `${approval.decision} by ${approval.by}`,
        {
          approval,
        },
      );
      const line = note(ports, APPROVAL_NODE, `${approval.decision} by ${approval.by}`, approval.comment);
      if (approval.decision === "accept") {
        const planApproval = planSignOff(state, request, approval);
        return new Command({
          goto: "claim-action",
          update: { humanDecision: approval, ...(planApproval ? { planApproval } : {}), timeline: [line] },
        });
      }
      if (approval.decision === "reject")
        return new Command({ goto: "escalate", update: { humanDecision: approval, timeline: [line] } });
      const edited = approval.edited!;
      return new Command({
        goto: "safety-gate",
        update: {
          humanDecision: approval,
          plan: {
            ...state.plan!,
            kind: "action" as const,
            actionId: edited.actionId,
            params: edited.params,
            rationale: `edited by ${approval.by}`,
          },
          timeline: [line],
        },
      });
    }
    return new Command({
      goto: "escalate",
      update: {
        timeline: [
          note(ports, APPROVAL_NODE, `no usable approval answer after ${MAX_ATTEMPTS} tries: ${error}`),
        ],
      },
    });
  };
}
