import { ChatBedrockConverse } from "@langchain/aws";
import { type ModelFactory, type ReasonerConfig, SONNET_PRICING } from "../../agents/shared/context.js";
import type { RuntimeConfig } from "./config.js";

/** Builds Bedrock chat models by id in one region: the graph's `modelFor`, for per-run model choice. */
export function bedrockModelFactory(region: string): ModelFactory {
  const cache = new Map<string, ChatBedrockConverse>();
  return (modelId) => {
    let model = cache.get(modelId);
    if (!model) {
      model = new ChatBedrockConverse({ model: modelId, region, temperature: 0, maxTokens: 2048 });
      cache.set(modelId, model);
    }
    return model;
  };
}

/**
 * Rules mode unless a Bedrock model id is configured. The model id may be a cross-region inference
 * profile (e.g. `us.anthropic.claude-sonnet-4-5-20250929-v1:0`).
 */
export function reasonerFromConfig(
  config: Pick<RuntimeConfig, "region" | "bedrockModelId"> & Partial<Pick<RuntimeConfig, "maxToolRounds">>,
): ReasonerConfig {
  if (!config.bedrockModelId) return { mode: "rules" };
  const model = bedrockModelFactory(config.region)(config.bedrockModelId);
  // The system prompts and tool definitions are long and identical on every call: cache them.
  return {
    mode: "model",
    model,
    modelId: config.bedrockModelId,
    pricing: SONNET_PRICING,
    maxToolRounds: config.maxToolRounds ?? 6,
    callOptions: { cache_control: { type: "ephemeral" } },
  };
}
