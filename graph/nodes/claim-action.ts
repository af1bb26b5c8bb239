import { Command } from "@langchain/langgraph";
import type { GraphDeps } from "../deps.js";
import { incidentSignature } from "../policy/evaluate.js";
import { recheckBeforeSideEffect } from "../policy/recheck.js";
import type { IncidentStateValue } from "../state.js";
import { audit, note } from "./common.js";

export const CLAIM_ACTION_NODE = "claim-action";
export const CLAIM_ACTION_ENDS = ["execute", "escalate"] as const;

/**
 * Right before the side effect: asks the gate again (policy may have changed while a human was deciding),
 * then writes a pending-action claim that the rate limit and other incidents see, and takes the rollback
 * snapshot. Both are checkpointed before `execute` starts anything, so a crash after the call cannot lose
 * or falsify the snapshot. Idempotent: a re-run writes the same claim again.
 */
export function createClaimActionNode(deps: GraphDeps) {
  const { ports } = deps;
  return async (state: IncidentStateValue) => {
    const check = await recheckBeforeSideEffect(deps, state);
    if (!check.ok) {
      await audit(ports, state.incident.id, CLAIM_ACTION_NODE, "execution-refused", check.reasons.join(" "), {
        reasons: check.reasons,
      });
      return new Command({
        goto: "escalate",
        update: {
          timeline: [note(ports, CLAIM_ACTION_NODE, "refused right before acting", check.reasons.join("\n"))],
        },
      });
    }
    const existing = state.claim;
    const claimedAt =
      existing && existing.round === state.gate?.round ? existing.claimedAt : ports.clock.now().toISOString();
    await ports.outcomes.record({
      incidentId: state.incident.id,
      signature: incidentSignature(state),
      actionId: check.actionId,
      resourceId: check.target,
      time: claimedAt,
      result: "pending",
    });
    const before = await ports.resources.describe(check.target);
    return new Command({
      goto: "execute",
      update: {
        claim: {
          actionId: check.actionId,
          params: check.params,
          target: check.target,
          round: state.gate!.round,
          claimedAt,
          ...(before ? { before } : {}),
        },
        timeline: [
          note(
            ports,
            CLAIM_ACTION_NODE,
            `claimed ${check.target} for ${check.actionId}`,
            check.identity ? `signed off by ${check.identity}` : "within policy, no sign-off needed",
          ),
        ],
      },
    });
  };
}
