/**
 * Test double of the Bedrock runtime that enforces Converse's request rules, so the model path is checked
 * offline through the real `@langchain/aws` converter (mocked at the SDK client, aws-sdk-client-mock):
 * - messages start with a user turn, alternate user/assistant, and end with a user turn;
 * - every toolUse of an assistant turn is answered by a toolResult in the next user turn, and every
 *   toolResult answers a toolUse of the turn before;
 * - a request whose messages hold tool blocks carries a toolConfig; a forced tool is one of its tools;
 * - text blocks are not empty; cache points only in system, message content and the tool list (never inside
 *   a tool result), at most four per request.
 * A violation is answered like Bedrock does: a ValidationException naming the rule.
 */
import type {
  ContentBlock,
  ConverseCommandInput,
  ConverseCommandOutput,
  Message,
} from "@aws-sdk/client-bedrock-runtime";

const MAX_CACHE_POINTS = 4;

const isCachePoint = (b: unknown) => typeof b === "object" && b !== null && "cachePoint" in b;

/** Every rule the request breaks (empty = valid). */
export function converseViolations(input: ConverseCommandInput): string[] {
  const out: string[] = [];
  const messages: Message[] = input.messages ?? [];
  if (messages.length === 0) out.push("messages: at least one message is required");
  if (messages[0] && messages[0].role !== "user")
    out.push("messages[0]: the conversation must start with a user turn");
  const last = messages.at(-1);
  if (last && last.role !== "user") out.push("messages: the last turn must be the user's");
  let cachePoints = (input.system ?? []).filter(isCachePoint).length;
  let hasToolBlocks = false;
  messages.forEach((m, i) => {
    const content: ContentBlock[] = m.content ?? [];
    if (content.length === 0) out.push(`messages[${i}]: empty content`);
    if (i > 0 && messages[i - 1]?.role === m.role) {
      out.push(`messages[${i}]: two consecutive ${m.role} turns (roles must alternate)`);
    }
    content.forEach((b, j) => {
      if (b.text !== undefined && b.text.trim() === "")
        out.push(`messages[${i}].content[${j}]: empty text block`);
      if (isCachePoint(b)) cachePoints++;
      if (b.toolUse || b.toolResult) hasToolBlocks = true;
      if (b.toolResult?.content?.some(isCachePoint)) {
        out.push(`messages[${i}].content[${j}]: a cache point inside a tool result`);
      }
      if (b.toolUse && m.role !== "assistant")
        out.push(`messages[${i}].content[${j}]: toolUse in a user turn`);
      if (b.toolResult && m.role !== "user")
        out.push(`messages[${i}].content[${j}]: toolResult in an assistant turn`);
    });
    if (content.length > 0 && content.every(isCachePoint)) out.push(`messages[${i}]: only a cache point`);
    // Tool uses answered in the very next turn, results only for the turn before.
    if (m.role === "assistant") {
      const uses = content.flatMap((b) => (b.toolUse?.toolUseId ? [b.toolUse.toolUseId] : []));
      const next = messages[i + 1]?.content ?? [];
      const answered = new Set(
        next.flatMap((b) => (b.toolResult?.toolUseId ? [b.toolResult.toolUseId] : [])),
      );
      for (const id of uses) {
        if (!answered.has(id))
          out.push(`messages[${i + 1}]: no toolResult for toolUse ${id} of the turn before`);
      }
    }
    if (m.role === "user") {
      const prev = messages[i - 1]?.content ?? [];
      const used = new Set(prev.flatMap((b) => (b.toolUse?.toolUseId ? [b.toolUse.toolUseId] : [])));
      for (const b of content) {
        const id = b.toolResult?.toolUseId;
        if (id !== undefined && !used.has(id))
          out.push(`messages[${i}]: toolResult ${id} answers no toolUse of the turn before`);
      }
    }
  });
  const tools = input.toolConfig?.tools ?? [];
  cachePoints += tools.filter(isCachePoint).length;
  if (hasToolBlocks && tools.filter((t) => !isCachePoint(t)).length === 0) {
    out.push("toolConfig: required when messages contain toolUse or toolResult blocks");
  }
  const forced = input.toolConfig?.toolChoice?.tool?.name;
  if (forced !== undefined && !tools.some((t) => t.toolSpec?.name === forced)) {
    out.push(`toolConfig.toolChoice: ${forced} is not one of the tools`);
  }
  if (cachePoints > MAX_CACHE_POINTS) out.push(`cache points: ${cachePoints} (at most ${MAX_CACHE_POINTS})`);
  return out;
}

/** The error Bedrock answers an invalid request with. */
export function validationException(problems: string[]): Error {
  return Object.assign(new Error(`Converse contract: ${problems.join("; ")}`), {
    name: "ValidationException",
    $fault: "client",
    $metadata: { httpStatusCode: 400 },
  });
}

/**
 * A Converse handler for `mockClient(BedrockRuntimeClient).on(ConverseCommand).callsFake(...)`: validates
 * each request, records it, and answers with the next canned reply.
 */
export function converseDouble(replies: ConverseCommandOutput[]) {
  const requests: ConverseCommandInput[] = [];
  const rejected: string[][] = [];
  let next = 0;
  const handler = async (input: ConverseCommandInput): Promise<ConverseCommandOutput> => {
    requests.push(structuredClone(input));
    const problems = converseViolations(input);
    if (problems.length > 0) {
      rejected.push(problems);
      throw validationException(problems);
    }
    const reply = replies[Math.min(next++, replies.length - 1)];
    if (!reply) throw new Error("converseDouble: no canned reply");
    return reply;
  };
  return { handler, requests, rejected };
}
