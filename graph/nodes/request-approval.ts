import type { GraphDeps } from "../deps.js";
import type { IncidentStateValue } from "../state.js";
import { buildHumanInterrupt } from "./approval-payload.js";
import { audit, effectKey, keyed, note } from "./common.js";

export const REQUEST_APPROVAL_NODE = "request-approval";

/**
 * Sends the approval request. It is its own node, before the one that pauses, because a node that calls
 * interrupt() re-runs from its first line on resume and would send the request twice.
 */
export function createRequestApprovalNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const gate = state.gate!;
    // One link per approver allowed at this risk who is reached by link: each is bound to that person.
    const linkApprovers = deps.policy.approvers[gate.risk ?? "critical"]
      .filter((id) => id.startsWith("link:"))
      .map((id) => id.slice("link:".length));
    const links = deps.approvalLinks
      ? await Promise.all(
          (linkApprovers.length > 0 ? linkApprovers : [undefined]).map(async (approver) => {
            const url = await deps.approvalLinks!.create({
              incidentId: state.incident.id,
              actionId: gate.actionId!,
              params: gate.params ?? {},
              ...(approver ? { approver } : {}),
            });
            return approver ? `${approver}: ${url}` : url;
          }),
        )
      : [`air approve ${state.incident.id}   (or air reject; signed as your OS or IAM identity)`];
    const link = links.join("\n");
    const request = buildHumanInterrupt(state, link, deps.policy.planApproval === "plan");
    await ports.notifier.notify({
      kind: "approval-request",
      incidentId: state.incident.id,
      subject: `[air] approval needed: ${gate.actionId} on ${gate.target}`,
      body: request.description ?? "",
      audience: state.plan?.escalateTo,
      link,
      ...keyed(effectKey(state.incident.id, REQUEST_APPROVAL_NODE, "notify")),
    });
    await audit(
      ports,
      state.incident.id,
      REQUEST_APPROVAL_NODE,
      "approval-requested",
      `${gate.actionId} on ${gate.target}`,
      {
        actionId: gate.actionId,
        params: gate.params,
      },
    );
    return {
      incident: { ...state.incident, status: "awaiting-approval" as const },
      timeline: [
        note(ports, REQUEST_APPROVAL_NODE, `approval requested for ${gate.actionId} on ${gate.target}`, link),
      ],
    };
  };
}
