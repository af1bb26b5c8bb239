/**
 * Semantic runbook retrieval: one embedding per runbook (Bedrock Titan Text Embeddings v2 through
 * `BedrockEmbeddings` from `@langchain/aws`), cosine similarity against the query's embedding. The vectors
 * are stored in a JSON index file next to the runbooks; each entry keeps the hash of the text it embeds, so
 * a sync re-embeds only runbooks whose source changed (a new S3 ETag or file content changes the text) and
 * drops the ones removed. Off unless configured: nothing here runs offline by default.
 */
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import type { BedrockRuntimeClient } from "@aws-sdk/client-bedrock-runtime";
import { BedrockEmbeddings } from "@langchain/aws";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Runbook } from "../corpus/schema.js";

export const DEFAULT_EMBEDDING_MODEL = "amazon.titan-embed-text-v2:0";
export const DEFAULT_EMBEDDING_DIMENSIONS = 512;
/** Titan v2 takes up to 8k tokens; the start of a runbook (title, aliases, symptoms) is what matters. */
const MAX_EMBEDDED_CHARS = 6_000;

export interface SemanticResult {
  id: string;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

interface StoredEntry {
  hash: string;
  vector: number[];
}

interface StoredIndex {
  model: string;
  entries: Record<string, StoredEntry>;
}

export interface SemanticIndexOptions {
  embeddings: EmbeddingsInterface;
  /** Model id recorded in the stored index: a different model invalidates every vector. */
  model?: string;
  /** Where the index is stored (JSON); in memory only when omitted. */
  path?: string;
  /** Results per query (default 20). */
  limit?: number;
}

/** The text a runbook is embedded from. */
export function embeddingText(runbook: Runbook): string {
  return [
    runbook.title,
    (runbook.aliases ?? []).join("; "),
    (runbook.symptoms ?? []).join("; "),
    runbook.tags.join(", "),
    runbook.body,
  ]
    .filter(Boolean)
    .join("\n")
    .slice(0, MAX_EMBEDDED_CHARS);
}

const hashOf = (text: string) => createHash("sha256").update(text).digest("hex");

function norm(vector: readonly number[]): number {
  let sum = 0;
  for (const x of vector) sum += x * x;
  return Math.sqrt(sum) || 1;
}

export class SemanticIndex {
  private entries = new Map<string, StoredEntry & { unit: Float32Array }>();
  private readonly queryCache = new Map<string, Float32Array>();
  private loaded = false;
  readonly model: string;

  constructor(private readonly options: SemanticIndexOptions) {
    this.model = options.model ?? DEFAULT_EMBEDDING_MODEL;
  }

  get size(): number {
    return this.entries.size;
  }

  private static unit(vector: readonly number[]): Float32Array {
    const n = norm(vector);
    return Float32Array.from(vector, (x) => x / n);
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    if (!this.options.path) return;
    let raw: string;
    try {
      raw = await readFile(this.options.path, "utf8");
    } catch {
      return; // no index yet
    }
    const stored = JSON.parse(raw) as StoredIndex;
    if (stored.model !== this.model) return;
    for (const [id, entry] of Object.entries(stored.entries)) {
      this.entries.set(id, { ...entry, unit: SemanticIndex.unit(entry.vector) });
    }
  }

  /**
   * Brings the index in line with these runbooks: embeds new and changed ones, drops removed ones, and
   * stores the index when anything changed. Returns how many runbooks were embedded.
   */
  async sync(runbooks: readonly Runbook[]): Promise<number> {
    await this.load();
    const wanted = new Map(runbooks.map((r) => [r.id, embeddingText(r)]));
    let changed = false;
    for (const id of [...this.entries.keys()]) {
      if (!wanted.has(id)) {
        this.entries.delete(id);
        changed = true;
      }
    }
    const stale = [...wanted].filter(([id, text]) => this.entries.get(id)?.hash !== hashOf(text));
    if (stale.length > 0) {
      const vectors = await this.options.embeddings.embedDocuments(stale.map(([, text]) => text));
      stale.forEach(([id, text], i) => {
        const vector = vectors[i] ?? [];
        this.entries.set(id, { hash: hashOf(text), vector, unit: SemanticIndex.unit(vector) });
      });
      changed = true;
    }
    if (changed) await this.save();
    return stale.length;
  }

  private async save(): Promise<void> {
    const path = this.options.path;
    if (!path) return;
    const entries: Record<string, StoredEntry> = {};
    for (const [id, { hash, vector }] of this.entries) entries[id] = { hash, vector };
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ model: this.model, entries } satisfies StoredIndex));
    await rename(tmp, path);
  }

  /** Runbooks by cosine similarity to the text, best first. Query embeddings are cached. */
  async search(text: string): Promise<SemanticResult[]> {
    if (this.entries.size === 0) return [];
    let query = this.queryCache.get(text);
    if (!query) {
      query = SemanticIndex.unit(await this.options.embeddings.embedQuery(text));
      if (this.queryCache.size >= 1_000) this.queryCache.clear();
      this.queryCache.set(text, query);
    }
    const out: SemanticResult[] = [];
    for (const [id, { unit }] of this.entries) {
      let dot = 0;
      const n = Math.min(unit.length, query.length);
      for (let i = 0; i < n; i++) dot += (unit[i] ?? 0) * (query[i] ?? 0);
      out.push({ id, score: dot });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, this.options.limit ?? 20);
  }
}

/** A semantic index on Bedrock Titan Text Embeddings v2 (normalised vectors, 512 dimensions by default). */
export function bedrockSemanticIndex(options: {
  client?: BedrockRuntimeClient;
  region?: string;
  model?: string;
  dimensions?: number;
  path?: string;
  /** Retries of a failed InvokeModel call (default 2). */
  maxRetries?: number;
}): SemanticIndex {
  const model = options.model ?? DEFAULT_EMBEDDING_MODEL;
  const embeddings = new BedrockEmbeddings({
    model,
    dimensions: options.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS,
    modelParameters: { normalize: true },
    maxRetries: options.maxRetries ?? 2,
    ...(options.client ? { client: options.client } : {}),
    ...(options.region ? { region: options.region } : {}),
  });
  return new SemanticIndex({
    embeddings,
    model: `${model}/${options.dimensions ?? DEFAULT_EMBEDDING_DIMENSIONS}`,
    ...(options.path ? { path: options.path } : {}),
  });
}
