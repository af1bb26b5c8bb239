/** Ready-made retrievers: the built-in corpus, plus organisation folders, an S3 prefix and a Knowledge Base. */
import { fileURLToPath } from "node:url";
import type { S3Client } from "@aws-sdk/client-s3";
import { RunbookLibrary } from "../corpus/library.js";
import { BUILT_IN_RUNBOOKS_DIR } from "../corpus/paths.js";
import { AwsCatalogueSource } from "../corpus/sources/aws-official.js";
import { FolderSource } from "../corpus/sources/folder.js";
import { S3Source } from "../corpus/sources/s3.js";
import type { RunbookSourceLoader } from "../corpus/sources/versioned.js";
import { HybridRetriever, type HybridRetrieverOptions } from "./hybrid.js";
import { bedrockSemanticIndex, type SemanticIndex } from "./semantic.js";

export interface RetrieverOptions extends Omit<HybridRetrieverOptions, "library"> {
  /** Include the built-in runbooks and the AWS document catalogue (default true). */
  builtIn?: boolean;
  /** Local folders of organisation runbooks. */
  folders?: string[];
  /** An S3 prefix of organisation runbooks. */
  s3?: { client: S3Client; bucket: string; prefix?: string };
  /** Re-read changed runbooks every this many milliseconds (off when omitted). */
  pollIntervalMs?: number;
  /** Reload failures while polling (the last good runbooks stay in use). */
  onPollError?: (error: Error) => void;
}

/** The sources for these options, in precedence order (later ones override earlier ids). */
export function sourcesFor(options: RetrieverOptions): RunbookSourceLoader[] {
  const sources: RunbookSourceLoader[] = [];
  if (options.builtIn !== false) {
    sources.push(
      new AwsCatalogueSource(),
      new FolderSource({ dir: BUILT_IN_RUNBOOKS_DIR, source: "built-in" }),
    );
  }
  for (const dir of options.folders ?? []) sources.push(new FolderSource({ dir, source: "organisation" }));
  if (options.s3) sources.push(new S3Source({ ...options.s3, source: "organisation" }));
  return sources;
}

/** Loads every configured source and returns a retriever over them. Throws if a source cannot be read. */
export async function createRetriever(options: RetrieverOptions = {}): Promise<HybridRetriever> {
  const library = new RunbookLibrary(sourcesFor(options));
  await library.reload();
  await options.semantic?.sync(library.runbooks());
  const retriever = new HybridRetriever({ ...options, library });
  if (options.pollIntervalMs) {
    library.startPolling({
      intervalMs: options.pollIntervalMs,
      ...(options.onPollError ? { onError: options.onPollError } : {}),
    });
  }
  return retriever;
}

/** A retriever over the built-in runbooks and the AWS document catalogue only. */
export function createBuiltInRetriever(
  options: Omit<RetrieverOptions, "builtIn" | "folders" | "s3"> = {},
): Promise<HybridRetriever> {
  return createRetriever({ ...options, builtIn: true });
}

/**
 * The semantic index configured by the environment, or undefined (the default, and always offline):
 * `AIR_EMBEDDINGS=bedrock` turns on Titan Text Embeddings v2 (`AIR_EMBEDDINGS_MODEL` to change the model),
 * stored at `AIR_EMBEDDINGS_INDEX` (default `knowledge/runbooks/.embeddings/index.json`).
 */
export function semanticIndexFromEnv(env: NodeJS.ProcessEnv = process.env): SemanticIndex | undefined {
  if (env.AIR_EMBEDDINGS !== "bedrock") return undefined;
  return bedrockSemanticIndex({
    path: env.AIR_EMBEDDINGS_INDEX ?? fileURLToPath(new URL(".embeddings/index.json", BUILT_IN_RUNBOOKS_DIR)),
    ...(env.AIR_EMBEDDINGS_MODEL ? { model: env.AIR_EMBEDDINGS_MODEL } : {}),
    ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}),
  });
}
