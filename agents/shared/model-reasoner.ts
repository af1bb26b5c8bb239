import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import {
  type AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import type { StructuredToolInterface } from "@langchain/core/tools";
import type { z } from "zod";
import { type UntrustedLedger, wrapToolOutput } from "../../tools/untrusted/index.js";
import type { ModelPricing } from "./context.js";
import { addCost, type Cost, zeroCost } from "./cost.js";

/** A model reasoner that could not produce a valid answer; the agent falls back to its rules. */
export class ReasonerOutputError extends Error {
  constructor(
    message: string,
    readonly usage: Cost,
  ) {
    super(message);
    this.name = "ReasonerOutputError";
  }
}

export interface ModelReasonerInput<S extends z.ZodType> {
  model: BaseChatModel;
  tools: StructuredToolInterface[];
  schema: S;
  system: string;
  user: string;
  maxToolRounds?: number;
  pricing?: ModelPricing;
  callOptions?: Record<string, unknown>;
  /** Records what the detector flagged in tool output; every tool result is screened and wrapped as data. */
  ledger?: UntrustedLedger;
}

export interface ModelReasonerResult<T> {
  output: T;
  usage: Cost;
  toolCalls: string[];
}

function usageOf(message: BaseMessage, pricing?: ModelPricing): Cost {
  const meta = (message as AIMessage).usage_metadata;
  const inputTokens = meta?.input_tokens ?? 0;
  const outputTokens = meta?.output_tokens ?? 0;
  const usd = pricing
    ? (inputTokens * pricing.inputPerMillion + outputTokens * pricing.outputPerMillion) / 1_000_000
    : 0;
  return { modelCalls: 1, inputTokens, outputTokens, usd };
}

/**
 * A structured-output answer asked for with `includeRaw`: real chat models return `{ raw, parsed }`, test
 * doubles may return the value itself. Either way it was one model call.
 */
export function unwrapStructured(answer: unknown, pricing?: ModelPricing): { value: unknown; usage: Cost } {
  const withRaw = answer as { raw?: BaseMessage; parsed?: unknown } | null;
  if (withRaw && typeof withRaw === "object" && "parsed" in withRaw && withRaw.raw)
    return { value: withRaw.parsed, usage: usageOf(withRaw.raw, pricing) };
  return { value: answer, usage: { ...zeroCost(), modelCalls: 1 } };
}

/**
 * A tool-calling loop that ends in structured output: the model calls read-only tools until it stops
 * asking for them, then answers in the agent's schema. The answer is validated here with zod, whatever
 * the model's structured-output support claims, so garbage never reaches the graph.
 */
export async function runModelReasoner<S extends z.ZodType>(
  input: ModelReasonerInput<S>,
): Promise<ModelReasonerResult<z.infer<S>>> {
  const { model, tools, schema, pricing } = input;
  const maxRounds = input.maxToolRounds ?? 6;
  if (!model.bindTools)
    throw new ReasonerOutputError("the configured chat model cannot call tools", zeroCost());
  const withTools = model.bindTools(tools);
  const byName = new Map(tools.map((t) => [t.name, t]));
  const messages: BaseMessage[] = [new SystemMessage(input.system), new HumanMessage(input.user)];
  let usage = zeroCost();
  const toolCalls: string[] = [];

  for (let round = 0; round < maxRounds; round++) {
    const reply = await withTools.invoke(messages, input.callOptions);
    usage = addCost(usage, usageOf(reply, pricing));
    messages.push(reply);
    const calls = reply.tool_calls ?? [];
    if (calls.length === 0) break;
    for (const call of calls) {
      const found = byName.get(call.name);
      toolCalls.push(call.name);
      const raw = found
        ? String(await found.invoke(call.args).catch((e: unknown) => `tool error: ${(e as Error).message}`))
        : `unknown tool "${call.name}"; available: ${[...byName.keys()].join(", ")}`;
      // Tool output is data: screened, marked where flagged, and wrapped in delimiters for the model.
      const content = wrapToolOutput(call.name, raw, input.ledger);
      messages.push(new ToolMessage({ content, tool_call_id: call.id ?? call.name, name: call.name }));
    }
  }

  // Converse needs alternating roles, and tool results already form a user turn: after the last allowed
  // round they are the final turn (the structured-output call forces the answer tool); after a reply with
  // no tool calls, the model is asked for its answer in a user turn of its own.
  if (!(messages.at(-1) instanceof ToolMessage)) {
    messages.push(new HumanMessage("Give your final answer now, in the required structured format."));
  }
  let raw: unknown;
  try {
    const answer: unknown = await model
      .withStructuredOutput(schema as z.ZodType<Record<string, unknown>>, { includeRaw: true })
      .invoke(messages, input.callOptions);
    const unwrapped = unwrapStructured(answer, pricing);
    raw = unwrapped.value;
    usage = addCost(usage, unwrapped.usage);
  } catch (error) {
    throw new ReasonerOutputError(`the model gave no structured answer: ${(error as Error).message}`, usage);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new ReasonerOutputError(`the model's answer does not fit the schema: ${issues}`, usage);
  }
  return { output: parsed.data, usage, toolCalls };
}
