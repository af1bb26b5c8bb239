import { createInterface } from "node:readline/promises";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { HumanChoice } from "../approvals/sign-decision.js";

/** Asks a person (or follows a flag) and returns what they chose; the caller signs it as their identity. */
export type ChoiceApprover = (request: HumanInterrupt) => Promise<HumanChoice>;

import type { Styler } from "./render/style.js";

export type ApprovalMode = "ask" | "approve" | "reject";

function box(request: HumanInterrupt, style: Styler): string {
  const lines = (request.description ?? "")
    .split("\n")
    .map((l) => l.replace(/\*\*/g, "").replace(/^### /, ""));
  return [
    style("magenta", "  ┌─ approval needed ─────────────────────────────"),
    ...lines.map((l) => `  │ ${l}`),
    style("magenta", "  └───────────────────────────────────────────────"),
  ].join("\n");
}

/**
 * Asks at a terminal, or answers as told (`--approve` / `--reject`); with no terminal and no flag it
 * approves as the scripted approver, and says so.
 */
export function createCliApprover(
  mode: ApprovalMode,
  style: Styler,
  out: NodeJS.WriteStream = process.stdout,
): ChoiceApprover {
  return async (request) => {
    out.write(`${box(request, style)}\n`);
    if (mode === "approve" || (mode === "ask" && !process.stdin.isTTY)) {
      const note = mode === "approve" ? "--approve" : "no terminal to ask at";
      out.write(`  ${style("magenta", "→ approved")} by scripted approver (${note})\n`);
      return { decision: "accept", comment: `approved by flag (${note})` };
    }
    if (mode === "reject") {
      out.write(`  ${style("magenta", "→ rejected")} by scripted approver (--reject)\n`);
      return { decision: "reject", comment: "--reject" };
    }
    const rl = createInterface({ input: process.stdin, output: out });
    try {
      for (;;) {
        const answer = (await rl.question(`  Run ${request.action_request.action}? [y]es / [n]o: `))
          .trim()
          .toLowerCase();
        if (["y", "yes"].includes(answer)) return { decision: "accept" };
        if (["n", "no"].includes(answer)) {
          const why = await rl.question("  Why (optional): ");
          return { decision: "reject", ...(why ? { comment: why } : {}) };
        }
        out.write("  Please answer y or n.\n");
      }
    } finally {
      rl.close();
    }
  };
}
