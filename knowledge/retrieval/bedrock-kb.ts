/**
 * Optional Amazon Bedrock Knowledge Base retriever (the `Retrieve` API). Each result is tied back to a
 * library runbook when it can be (metadata `runbookId`, or the source document's file name / S3 URI);
 * otherwise it stands on its own as a "knowledge-base" hit with no actions.
 */
import {
  type BedrockAgentRuntimeClient,
  type KnowledgeBaseRetrievalResult,
  RetrieveCommand,
} from "@aws-sdk/client-bedrock-agent-runtime";

export interface KnowledgeBaseResult {
  /** Runbook id from metadata or the document's file name (without `.md`), if any. */
  runbookId?: string;
  /** Where the document lives (S3 URI, web URL...). */
  uri?: string;
  title: string;
  category?: string;
  /** The KB's relevance score, usually in [0, 1]. */
  score: number;
  excerpt: string;
}

export interface KnowledgeBaseRetrieverOptions {
  client: BedrockAgentRuntimeClient;
  knowledgeBaseId: string;
  /** Results to ask for (default 10). */
  numberOfResults?: number;
}

function locationUri(result: KnowledgeBaseRetrievalResult): string | undefined {
  const loc = result.location;
  return (
    loc?.s3Location?.uri ??
    loc?.webLocation?.url ??
    loc?.confluenceLocation?.url ??
    loc?.sharePointLocation?.url ??
    loc?.salesforceLocation?.url ??
    loc?.customDocumentLocation?.id
  );
}

function metaString(result: KnowledgeBaseRetrievalResult, key: string): string | undefined {
  const value = result.metadata?.[key];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/** `s3://bucket/runbooks/disk-full.md` → `disk-full` */
export function idFromUri(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  const path = uri.split(/[?#]/)[0] ?? "";
  const name = path.split("/").filter(Boolean).pop();
  return name?.replace(/\.(md|markdown|txt)$/i, "") || undefined;
}

export class BedrockKnowledgeBaseRetriever {
  constructor(private readonly options: KnowledgeBaseRetrieverOptions) {}

  async retrieve(text: string): Promise<KnowledgeBaseResult[]> {
    if (!text.trim()) return [];
    const response = await this.options.client.send(
      new RetrieveCommand({
        knowledgeBaseId: this.options.knowledgeBaseId,
        retrievalQuery: { text: text.slice(0, 1000) },
        retrievalConfiguration: {
          vectorSearchConfiguration: { numberOfResults: this.options.numberOfResults ?? 10 },
        },
      }),
    );
    return (response.retrievalResults ?? []).map((result) => {
      const uri = locationUri(result);
      const runbookId = metaString(result, "runbookId") ?? idFromUri(uri);
      const excerpt = result.content?.text ?? "";
      const category = metaString(result, "category");
      return {
        ...(runbookId ? { runbookId } : {}),
        ...(uri ? { uri } : {}),
        ...(category ? { category } : {}),
        title: metaString(result, "title") ?? runbookId ?? excerpt.slice(0, 80),
        score: result.score ?? 0,
        excerpt,
      };
    });
  }
}
