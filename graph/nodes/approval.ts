import { Command, interrupt } from "@langchain/langgraph";
import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { buildHumanInterrupt, type HumanInterrupt } from "./approval-payload.js";
import { parseApprovalResponse } from "./approval-response.js";
import { audit, note } from "./common.js";

export const APPROVAL_NODE = "approval";
export const APPROVAL_ENDS = ["execute", "escalate", "safety-gate"] as const;
const MAX_ATTEMPTS = 3;

/**
 * Pauses for a human. Nothing before interrupt() has side effects. An unreadable answer is asked again
 * (up to three times) rather than guessed; an accept runs the gated action, a reject escalates, an edit
 * goes back through the gate.
 */
export function createApprovalNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const request = buildHumanInterrupt(state);
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
      const approval = parsed.approval;
      if (deps.policy.approvers.length > 0 && !deps.policy.approvers.includes(approval.by)) {
        error = `${approval.by} is not an allowed approver (${deps.policy.approvers.join(", ")})`;
        continue;
      }
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
      if (approval.decision === "accept")
        return new Command({ goto: "execute", update: { humanDecision: approval, timeline: [line] } });
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
