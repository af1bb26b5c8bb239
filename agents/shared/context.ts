import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Logger } from "../../tools/logger.js";
import type { Ports } from "../../tools/ports.js";

/** Dollar prices per million tokens, for cost accounting. */
export interface ModelPricing {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Claude Sonnet on-demand prices per million tokens (input, output), for cost accounting. */
export const SONNET_PRICING: ModelPricing = { inputPerMillion: 3, outputPerMillion: 15 };

/** Which reasoner the agents use. Rules needs nothing; model needs a LangChain chat model. */
export type ReasonerConfig =
  | { mode: "rules" }
  | {
      mode: "model";
      model: BaseChatModel;
      /** The model's id, when known (reports and per-run overrides compare it). */
      modelId?: string;
      pricing?: ModelPricing;
      maxToolRounds?: number;
      /** Provider call options, e.g. Bedrock's `cache_control` to cache the long static system prompt. */
      callOptions?: Record<string, unknown>;
    };

/** Builds a chat model for a model id; lets a run's configuration pick another model than the default. */
export type ModelFactory = (modelId: string) => BaseChatModel;

/** What every agent receives: the ports, the runbook retriever, the reasoner choice and a logger. */
export interface AgentContext {
  ports: Ports;
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  /** Builds the model a run's `configurable.modelId` names; without it only the default model runs. */
  modelFor?: ModelFactory;
  /** Structured log lines; silent when absent. */
  logger?: Logger;
}
