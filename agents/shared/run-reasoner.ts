import type { ReasonerConfig } from "./context.js";
import type { Cost } from "./cost.js";
import { zeroCost } from "./cost.js";
import type { ModelReasonerResult } from "./model-reasoner.js";
import { ReasonerOutputError } from "./model-reasoner.js";
import type { ModelFallback, ReasonerName } from "./timeline.js";

export interface ReasonerRun<T> {
  output: T;
  cost: Cost;
  /** Who decided: the model, or the rules (always, or because the model's answer was not used). */
  reasoner: ReasonerName;
  /** Why the model's answer was not used, when a model was configured and it wasn't. */
  fallback?: ModelFallback;
}

/**
 * Why a model's answer was not used: `unreachable` when the call itself failed (credentials, region, model
 * access, network), `invalid-answer` when the model answered but outside the schema.
 */
export function fallbackOf(error: unknown): ModelFallback {
  const reason = error instanceof Error ? error.message : String(error);
  return { kind: error instanceof ReasonerOutputError ? "invalid-answer" : "unreachable", reason };
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
    return { output: await rules(), cost, reasoner: "rules", fallback: fallbackOf(error) };
  }
}
