import type { ReasonerConfig } from "./context.js";
import type { Cost } from "./cost.js";
import { zeroCost } from "./cost.js";
import type { ModelReasonerResult } from "./model-reasoner.js";
import { ReasonerOutputError } from "./model-reasoner.js";

export interface ReasonerRun<T> {
  output: T;
  cost: Cost;
  /** "rules", "model", or "rules (model fallback)". */
  reasoner: string;
  /** Why the model's answer was not used, when it wasn't. */
  fallbackReason?: string;
}

/**
 * Runs an agent's model reasoner when one is configured and falls back to its rules reasoner when the
 * model fails or answers outside the schema, so an incident is never stuck on a bad model reply.
 */
export async function runReasoner<T>(
  config: ReasonerConfig,
  rules: () => Promise<T>,
  model: (config: Extract<ReasonerConfig, { mode: "model" }>) => Promise<ModelReasonerResult<T>>,
): Promise<ReasonerRun<T>> {
  if (config.mode === "rules") return { output: await rules(), cost: zeroCost(), reasoner: "rules" };
  try {
    const result = await model(config);
    return { output: result.output, cost: result.usage, reasoner: "model" };
  } catch (error) {
    const cost = error instanceof ReasonerOutputError ? error.usage : zeroCost();
    return {
      output: await rules(),
      cost,
      reasoner: "rules (model fallback)",
      fallbackReason: (error as Error).message,
    };
  }
}
