import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandOutput,
  type StopReason,
} from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { triageAgent } from "../triage/index.js";
import { runAgent } from "./agent-node.js";
import { SONNET_PRICING } from "./context.js";
import { converseViolations } from "./converse-contract.js";
import { worldAtAlarm } from "./test-support.js";

const usage = { inputTokens: 1200, outputTokens: 80, totalTokens: 1280 };
const reply = (content: ContentBlock[], stopReason: StopReason): ConverseCommandOutput => ({
  output: { message: { role: "assistant", content } },
  stopReason,
  usage,
  metrics: { latencyMs: 10 },
  $metadata: {},
});

describe("ChatBedrockConverse wiring (canned Bedrock client, no AWS)", () => {
  it("runs the triage agent through Bedrock's Converse API: tool use, then structured output, with cost", async () => {
    const bedrock = mockClient(BedrockRuntimeClient);
    bedrock
      .on(ConverseCommand)
      .resolvesOnce(
        reply(
          [
            {
              toolUse: {
                toolUseId: "t1",
                name: "get_metric",
                input: {
                  namespace: "CWAgent",
                  metric: "disk_used_percent",
                  dimensions: { InstanceId: "i-0f3e2d1c0b9a87654", path: "/" },
                  minutes: 30,
                },
              },
            },
          ],
          "tool_use",
        ),
      )
      .resolvesOnce(reply([{ text: "The root volume is nearly full." }], "end_turn"))
      .resolvesOnce(
        reply(
          [
            {
              toolUse: {
                toolUseId: "t2",
                name: "extract",
                input: {
                  isIncident: true,
                  severity: "SEV3",
                  category: "disk",
                  service: "reports",
                  suspectedResources: ["i-0f3e2d1c0b9a87654"],
                  hypothesis: "Rotated logs are filling the root volume.",
                },
              },
            },
          ],
          "tool_use",
        ),
      );
    const model = new ChatBedrockConverse({
      model: "us.anthropic.claude-sonnet-4-5-20250929-v1:0",
      region: "us-east-1",
      client: new BedrockRuntimeClient({
        region: "us-east-1",
        credentials: { accessKeyId: "x", secretAccessKey: "y" },
      }),
    });
    const world = await worldAtAlarm("disk-full-logs");
    const result = await runAgent(
      triageAgent,
      {
        ports: world.ports,
        retriever: { search: async () => [] },
        reasoner: {
          mode: "model",
          model,
          pricing: SONNET_PRICING,
          callOptions: { cache_control: { type: "ephemeral" } },
        },
      },
      { incident: world.incident },
    );

    expect(result.output).toMatchObject({ category: "disk", suspectedResources: ["i-0f3e2d1c0b9a87654"] });
    expect(result.timeline[0]?.detail).toMatch(/reasoner: model/);
    const calls = bedrock.commandCalls(ConverseCommand);
    expect(calls).toHaveLength(3);
    // Every request keeps Converse's rules (converse-contract.ts).
    for (const call of calls) expect(converseViolations(call.args[0].input)).toEqual([]);
    const first = calls[0]!.args[0].input;
    expect(first.modelId).toBe("us.anthropic.claude-sonnet-4-5-20250929-v1:0");
    expect(first.toolConfig?.tools?.map((t) => t.toolSpec?.name)).toEqual(
      expect.arrayContaining(["get_metric", "describe_resources", "recent_changes", "list_alarms"]),
    );
    expect(JSON.stringify(first.system)).toMatch(/untrusted-data/);
    // Prompt caching: a cache point after the long static system prompt.
    expect(first.system?.at(-1)).toEqual({ cachePoint: { type: "default" } });
    // The tool really ran against the simulated account and its result went back to the model.
    expect(JSON.stringify(calls[1]!.args[0].input.messages)).toMatch(/toolResult/);
    expect(result.cost).toMatchObject({
      modelCalls: 3,
      inputTokens: 3 * usage.inputTokens,
      outputTokens: 3 * usage.outputTokens,
    });
    expect(result.cost.usd).toBeGreaterThan(0);
  });
});
