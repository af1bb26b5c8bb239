import { z } from "zod";
import type { Approval } from "../state.js";

/** Our own resume shape, used by the CLI and the approval handler. */
const DirectResponse = z.object({
  decision: z.enum(["accept", "reject", "edit"]),
  by: z.string().min(1),
  comment: z.string().optional(),
  edited: z.object({ actionId: z.string(), params: z.record(z.string(), z.unknown()) }).optional(),
  /** The signed approval an authenticated entry point attached (required for accept and edit). */
  proof: z.string().optional(),
});

/** Agent Inbox `HumanResponse`. */
const InboxResponse = z.object({
  type: z.enum(["accept", "ignore", "response", "edit"]),
  args: z
    .union([z.null(), z.string(), z.object({ action: z.string(), args: z.record(z.string(), z.unknown()) })])
    .optional(),
});

export type ParsedResponse = { ok: true; approval: Approval } | { ok: false; error: string };

/**
 * Normalises whatever a resume carried (our shape, an Agent Inbox response, or a list of them) into an
 * Approval, or says exactly what was wrong with it.
 */
export function parseApprovalResponse(
  value: unknown,
  at: string,
  defaultApprover = "agent-inbox",
): ParsedResponse {
  const first = Array.isArray(value) ? value[0] : value;
  const direct = DirectResponse.safeParse(first);
  if (direct.success) {
    if (direct.data.decision === "edit" && !direct.data.edited) {
      return { ok: false, error: "an edit must carry `edited: { actionId, params }`" };
    }
    return { ok: true, approval: { ...direct.data, at } };
  }
  const inbox = InboxResponse.safeParse(first);
  if (inbox.success) {
    const { type, args } = inbox.data;
    if (type === "accept") return { ok: true, approval: { decision: "accept", by: defaultApprover, at } };
    if (type === "edit") {
      if (!args || typeof args !== "object")
        return { ok: false, error: "an edit response needs args: { action, args }" };
      return {
        ok: true,
        approval: {
          decision: "edit",
          by: defaultApprover,
          at,
          edited: { actionId: args.action, params: args.args },
        },
      };
    }
    const comment = typeof args === "string" ? args : undefined;
    return { ok: true, approval: { decision: "reject", by: defaultApprover, at, comment } };
  }
  return {
    ok: false,
    error:
      'expected { decision: "accept" | "reject" | "edit", by } or an Agent Inbox response { type: "accept" | "ignore" | "response" | "edit", args }',
  };
}
