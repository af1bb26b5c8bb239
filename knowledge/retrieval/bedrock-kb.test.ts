import { BedrockAgentRuntimeClient, RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BedrockKnowledgeBaseRetriever, idFromUri } from "./bedrock-kb.js";
import { createBuiltInRetriever } from "./factory.js";
import type { HybridRetriever } from "./hybrid.js";

const bedrock = mockClient(BedrockAgentRuntimeClient);
const errors: string[] = [];
let retriever: HybridRetriever;

beforeAll(async () => {
  const knowledgeBase = new BedrockKnowledgeBaseRetriever({
    client: new BedrockAgentRuntimeClient({ region: "us-east-1" }),
    knowledgeBaseId: "KB12345678",
    numberOfResults: 5,
  });
  retriever = await createBuiltInRetriever({ knowledgeBase, onError: (e) => errors.push(e.message) });
});
afterAll(() => retriever.close());
beforeEach(() => {
  bedrock.reset();
  errors.length = 0;
});

describe("Bedrock Knowledge Base retrieval", () => {
  it("sends a Retrieve request and maps results", async () => {
    bedrock.on(RetrieveCommand).resolves({
      retrievalResults: [
        {
          content: { text: "Restart the payment gateway sidecar when..." },
          location: { type: "S3", s3Location: { uri: "s3://kb-docs/runbooks/payment-sidecar.md" } },
          score: 0.81,
          metadata: { title: "Payment sidecar wedged", category: "availability" },
        },
      ],
    });
    const kb = new BedrockKnowledgeBaseRetriever({
      client: new BedrockAgentRuntimeClient({ region: "us-east-1" }),
      knowledgeBaseId: "KB12345678",
    });
    const results = await kb.retrieve("payment sidecar stuck");
    expect(bedrock.commandCalls(RetrieveCommand)[0]?.args[0].input).toEqual({
      knowledgeBaseId: "KB12345678",
      retrievalQuery: { text: "payment sidecar stuck" },
      retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 10 } },
    });
    expect(results).toEqual([
      {
        runbookId: "payment-sidecar",
        uri: "s3://kb-docs/runbooks/payment-sidecar.md",
        category: "availability",
        title: "Payment sidecar wedged",
        score: 0.81,
        excerpt: "Restart the payment gateway sidecar when...",
      },
    ]);
  });

  it("fuses a KB result that names a library runbook with the other lists", async () => {
    bedrock.on(RetrieveCommand).resolves({
      retrievalResults: [
        { content: { text: "..." }, score: 0.9, metadata: { runbookId: "ec2-memory-leak" } },
        {
          content: { text: "..." },
          score: 0.3,
          location: { type: "S3", s3Location: { uri: "s3://x/slow-query.md" } },
        },
      ],
    });
    const [hit] = await retriever.search({
      text: "memory keeps growing",
      namespace: "CWAgent",
      metric: "mem_used_percent",
    });
    expect(hit?.runbookId).toBe("ec2-memory-leak");
    expect(hit?.source).toBe("built-in");
    expect(hit?.reasons).toContain("knowledge base match (relevance 0.90)");
    expect(hit?.score).toBe(1);
  });

  it("returns a confident KB-only document as a knowledge-base hit without actions", async () => {
    bedrock.on(RetrieveCommand).resolves({
      retrievalResults: [
        {
          content: { text: "When the payment sidecar wedges..." },
          location: { type: "S3", s3Location: { uri: "s3://kb-docs/payment-sidecar.md" } },
          score: 0.77,
          metadata: { title: "Payment sidecar wedged" },
        },
      ],
    });
    const hits = await retriever.search({ text: "sidecar wedged" });
    expect(hits).toEqual([
      expect.objectContaining({
        runbookId: "payment-sidecar",
        title: "Payment sidecar wedged",
        source: "knowledge-base",
        actions: [],
        category: "unknown",
      }),
    ]);
  });

  it("ignores weak KB results when nothing else supports them", async () => {
    bedrock.on(RetrieveCommand).resolves({
      retrievalResults: [
        {
          content: { text: "unrelated" },
          score: 0.2,
          location: { type: "WEB", webLocation: { url: "https://wiki/x" } },
        },
      ],
    });
    expect(await retriever.search({ text: "lorem ipsum" })).toEqual([]);
  });

  it("keeps working when the Knowledge Base fails", async () => {
    bedrock.on(RetrieveCommand).rejects(new Error("ThrottlingException: slow down"));
    const [hit] = await retriever.search({
      text: "disk full",
      namespace: "CWAgent",
      metric: "disk_used_percent",
      logTemplates: ["write /var/log/app/x.log: No space left on device"],
    });
    expect(hit?.runbookId).toBe("disk-full-logs");
    expect(errors).toEqual(["ThrottlingException: slow down"]);
  });

  it("derives ids from document locations", () => {
    expect(idFromUri("s3://b/runbooks/disk-full.md")).toBe("disk-full");
    expect(idFromUri("https://wiki.example.com/pages/Disk-Full?x=1")).toBe("Disk-Full");
    expect(idFromUri(undefined)).toBeUndefined();
  });
});
