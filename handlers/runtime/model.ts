import { ChatBedrockConverse } from "@langchain/aws";
import { type ReasonerConfig, SONNET_PRICING } from "../../agents/shared/context.js";
import type { RuntimeConfig } from "./config.js";

/**
 * Rules mode unless a Bedrock model id is configured. The model id may be a cross-region inference
 * profile (e.g. `us.anthropic.claude-sonnet-4-5-20250929-v1:0`).
 */
export function reasonerFromConfig(config: Pick<RuntimeConfig, "region" | "bedrockModelId">): ReasonerConfig {
  if (!config.bedrockModelId) return { mode: "rules" };
  const model = new ChatBedrockConverse({
    model: config.bedrockModelId,
    region: config.region,
    temperature: 0,
    maxTokens: 2048,
  });
  // The system prompts and tool definitions are long and identical on every call: cache them.
  return {
    mode: "model",
    model,
    pricing: SONNET_PRICING,
    maxToolRounds: 6,
    callOptions: { cache_control: { type: "ephemeral" } },
  };
}
