/**
 * The model path against Converse's rules: requests go through the real `@langchain/aws` converter into a
 * Bedrock runtime double that refuses what Bedrock refuses. A specialist that uses all its tool rounds must
 * still send a valid final request (before the fix it sent two consecutive user turns, and lost its work).
 */
import {
  BedrockRuntimeClient,
  type ContentBlock,
  ConverseCommand,
  type ConverseCommandInput,
  type ConverseCommandOutput,
  type StopReason,
} from "@aws-sdk/client-bedrock-runtime";
import { ChatBedrockConverse } from "@langchain/aws";
import { tool } from "@langchain/core/tools";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { converseDouble, converseViolations } from "./converse-contract.js";
import { runModelReasoner } from "./model-reasoner.js";

const bedrock = mockClient(BedrockRuntimeClient);
beforeEach(() => bedrock.reset());

const reply = (content: ContentBlock[], stopReason: StopReason): ConverseCommandOutput => ({
  output: { message: { role: "assistant", content } },
  stopReason,
  usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 },
  metrics: { latencyMs: 5 },
  $metadata: {},
});
const useTool = (id: string) =>
  reply(
    [{ toolUse: { toolUseId: id, name: "get_metric", input: { metric: "CPUUtilization" } } }],
    "tool_use",
  );
const answer = reply(
  [{ toolUse: { toolUseId: "final", name: "extract", input: { verdict: "cpu saturation" } } }],
  "tool_use",
);

const getMetric = tool(async ({ metric }) => JSON.stringify([["12:00", 97]]) + metric.slice(0, 0), {
  name: "get_metric",
  description: "a metric",
  schema: z.object({ metric: z.string() }),
});

function model(): ChatBedrockConverse {
  return new ChatBedrockConverse({
    model: "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
    region: "eu-west-1",
    client: new BedrockRuntimeClient({
      region: "eu-west-1",
      credentials: { accessKeyId: "x", secretAccessKey: "y" },
    }),
  });
}

async function reasonWith(replies: ConverseCommandOutput[], maxToolRounds: number) {
  const double = converseDouble(replies);
  bedrock.on(ConverseCommand).callsFake(double.handler);
  const result = await runModelReasoner({
    model: model(),
    tools: [getMetric],
    schema: z.object({ verdict: z.string() }),
    system: "You are the triage specialist.",
    user: "Alarm: cpu-high on checkout.",
    maxToolRounds,
    callOptions: { cache_control: { type: "ephemeral" } },
  });
  return { result, double };
}

describe("Converse contract through the @langchain/aws converter", () => {
  it("a specialist that uses all its tool rounds sends a valid final request and keeps its answer", async () => {
    const { result, double } = await reasonWith([useTool("t1"), useTool("t2"), answer], 2);
    expect(double.rejected).toEqual([]);
    expect(result.output).toEqual({ verdict: "cpu saturation" });
    const final = double.requests.at(-1) as ConverseCommandInput;
    expect(final.messages?.map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(final.toolConfig?.toolChoice?.tool?.name).toBe("extract");
  });

  it("a specialist that stops calling tools is asked for its answer in a turn of its own", async () => {
    const { result, double } = await reasonWith(
      [useTool("t1"), reply([{ text: "CPU is pegged." }], "end_turn"), answer],
      6,
    );
    expect(double.rejected).toEqual([]);
    expect(result.output).toEqual({ verdict: "cpu saturation" });
    const final = double.requests.at(-1) as ConverseCommandInput;
    expect(JSON.stringify(final.messages?.at(-1))).toMatch(/Give your final answer now/);
  });

  it("rejects the request the old code sent: tool results, then a second user turn", () => {
    const old: ConverseCommandInput = {
      modelId: "m",
      messages: [
        { role: "user", content: [{ text: "Alarm" }] },
        { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "get_metric", input: {} } }] },
        { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "97" }] } }] },
        {
          role: "user",
          content: [{ text: "Give your final answer now, in the required structured format." }],
        },
      ],
      toolConfig: { tools: [{ toolSpec: { name: "extract", inputSchema: { json: {} } } }] },
    };
    expect(converseViolations(old)).toEqual([
      "messages[3]: two consecutive user turns (roles must alternate)",
    ]);
    const fixed = { ...old, messages: old.messages?.slice(0, 3) };
    expect(converseViolations(fixed)).toEqual([]);
  });

  it.each<[string, ConverseCommandInput, RegExp]>([
    [
      "a tool use left unanswered",
      {
        modelId: "m",
        messages: [
          { role: "user", content: [{ text: "a" }] },
          { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "x", input: {} } }] },
          { role: "user", content: [{ text: "b" }] },
        ],
        toolConfig: { tools: [{ toolSpec: { name: "x", inputSchema: { json: {} } } }] },
      },
      /no toolResult for toolUse t1/,
    ],
    [
      "tool blocks without a toolConfig",
      {
        modelId: "m",
        messages: [
          { role: "user", content: [{ text: "a" }] },
          { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "x", input: {} } }] },
          { role: "user", content: [{ toolResult: { toolUseId: "t1", content: [{ text: "r" }] } }] },
        ],
      },
      /toolConfig: required/,
    ],
    [
      "a cache point inside a tool result",
      {
        modelId: "m",
        messages: [
          { role: "user", content: [{ text: "a" }] },
          { role: "assistant", content: [{ toolUse: { toolUseId: "t1", name: "x", input: {} } }] },
          {
            role: "user",
            content: [
              {
                toolResult: {
                  toolUseId: "t1",
                  content: [{ text: "r" }, { cachePoint: { type: "default" } } as never],
                },
              },
            ],
          },
        ],
        toolConfig: { tools: [{ toolSpec: { name: "x", inputSchema: { json: {} } } }] },
      },
      /cache point inside a tool result/,
    ],
    [
      "a conversation ending on the assistant",
      {
        modelId: "m",
        messages: [
          { role: "user", content: [{ text: "a" }] },
          { role: "assistant", content: [{ text: "b" }] },
        ],
      },
      /last turn must be the user's/,
    ],
  ])("rejects %s", (_name, input, problem) => {
    expect(converseViolations(input).join("\n")).toMatch(problem);
  });
});
