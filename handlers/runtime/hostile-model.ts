/**
 * Test support: a fake model that answers every tool round with small talk and every structured request with
 * `plan` (only the remediation schema accepts a plan, so the other agents fall back to their rules). The
 * hostile-model tests drive the real graph with it.
 */
import { AIMessage } from "@langchain/core/messages";
import { fakeModel } from "@langchain/core/testing";
import type { ReasonerConfig } from "../../agents/shared/context.js";

export function modelProposing(plan: Record<string, unknown>): ReasonerConfig {
  const model = fakeModel();
  for (let i = 0; i < 20; i++) model.respond(() => new AIMessage("I have looked at the evidence."));
  model.structuredResponse(plan);
  return { mode: "model", model };
}
