/**
 * Binary payload storage for checkpoint items: optional gzip, and offloading to S3 when an item
 * would grow past a threshold (DynamoDB rejects items over 400 KB). A payload field `f` of an item
 * is stored as:
 *
 *   f      B   the bytes, when stored inline
 *   f_s3   S   object key, when offloaded (bucket comes from the saver's configuration)
 *   f_enc  S   "gzip" when the bytes (inline or in S3) are compressed
 *
 * Offloaded objects are content-addressed under `<prefix><thread>/<sha256>`: retries and repeated
 * values reuse one object, and an upload can never overwrite a different payload.
 */
import { createHash } from "node:crypto";
import { promisify } from "node:util";
import { gunzip, gzip } from "node:zlib";
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Item } from "../dynamo.js";
import { CheckpointItemTooLargeError, CheckpointOffloadError, DYNAMODB_ITEM_LIMIT_BYTES } from "../errors.js";

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

export const DEFAULT_OFFLOAD_THRESHOLD_BYTES = 350 * 1024;
export const DEFAULT_COMPRESS_MIN_BYTES = 1024;
const S3_DELETE_LIMIT = 1000;

export interface S3OffloadOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix for offloaded payloads; default `checkpoints/`. */
  prefix?: string;
}

export interface PayloadCodecOptions {
  s3?: S3OffloadOptions;
  /** Items whose estimated size exceeds this are slimmed by offloading their largest payloads. */
  thresholdBytes: number;
  compress: boolean;
  /** Payloads smaller than this are never compressed (gzip overhead outweighs the gain). */
  compressMinBytes: number;
  /** Rewrites an S3 SDK error into an actionable one; always throws. */
  fail(err: unknown): Promise<never>;
}

export const s3Attr = (field: string) => `${field}_s3`;
export const encAttr = (field: string) => `${field}_enc`;

/** Approximate DynamoDB item size: attribute names plus values, as the service counts them. */
export function estimateItemBytes(item: Item): number {
  let total = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    total += Buffer.byteLength(name);
    if (typeof value === "string") total += Buffer.byteLength(value);
    else if (value instanceof Uint8Array) total += value.byteLength;
    else if (typeof value === "number") total += 21;
    else if (typeof value === "boolean" || value === null) total += 1;
    else total += Buffer.byteLength(JSON.stringify(value)) + 3;
  }
  return total;
}

export class PayloadCodec {
  private readonly prefix: string;

  constructor(private readonly options: PayloadCodecOptions) {
    const prefix = options.s3?.prefix ?? "checkpoints/";
    this.prefix = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  }

  get offloadEnabled(): boolean {
    return this.options.s3 !== undefined;
  }

  /**
   * Build an item from its plain attributes and binary payloads, compressing and offloading as
   * configured. `what` names the item in errors ("checkpoint", `channel "messages"`, ...).
   */
  async encodeItem(
    threadId: string,
    base: Item,
    payloads: Record<string, Uint8Array>,
    what: string,
  ): Promise<Item> {
    const fields = await Promise.all(
      Object.entries(payloads).map(async ([field, raw]) => {
        const packed = await this.maybeCompress(raw);
        return { field, bytes: packed.bytes, gzip: packed.gzip, offloaded: false };
      }),
    );
    const pointerBytes =
      Buffer.byteLength(this.prefix) + Buffer.byteLength(encodeURIComponent(threadId)) + 65;
    const fieldBytes = (f: (typeof fields)[number]) =>
      f.offloaded
        ? Buffer.byteLength(s3Attr(f.field)) + pointerBytes
        : Buffer.byteLength(f.field) + f.bytes.byteLength;
    const baseBytes = estimateItemBytes(base) + fields.reduce((n, f) => n + (f.gzip ? 12 : 0), 0);
    let total = baseBytes + fields.reduce((n, f) => n + fieldBytes(f), 0);

    if (this.options.s3 && total > this.options.thresholdBytes) {
      for (const f of [...fields].sort((a, b) => b.bytes.byteLength - a.bytes.byteLength)) {
        if (total <= this.options.thresholdBytes) break;
        total -= fieldBytes(f);
        f.offloaded = true;
        total += fieldBytes(f);
      }
    }
    if (total > DYNAMODB_ITEM_LIMIT_BYTES) {
      const rawSize = Object.values(payloads).reduce((n, b) => n + b.byteLength, 0);
      throw new CheckpointItemTooLargeError(what, Math.max(rawSize, total - baseBytes));
    }

    const item: Item = { ...base };
    await Promise.all(
      fields.map(async (f) => {
        if (f.gzip) item[encAttr(f.field)] = "gzip";
        if (f.offloaded) item[s3Attr(f.field)] = await this.upload(threadId, f.bytes);
        else item[f.field] = f.bytes;
      }),
    );
    return item;
  }

  /** The bytes of payload `field`, fetched from S3 and/or gunzipped as needed; undefined if absent. */
  async decode(item: Item, field: string): Promise<Uint8Array | undefined> {
    const key = item[s3Attr(field)];
    let bytes: Uint8Array | undefined;
    if (typeof key === "string") bytes = await this.download(key);
    else if (item[field] instanceof Uint8Array) bytes = item[field];
    if (bytes === undefined) return undefined;
    return item[encAttr(field)] === "gzip" ? new Uint8Array(await gunzipAsync(bytes)) : bytes;
  }

  /** S3 object keys referenced by `item` (any payload field). */
  static referencedKeys(item: Item): string[] {
    return Object.entries(item)
      .filter(([name, value]) => name.endsWith("_s3") && typeof value === "string")
      .map(([, value]) => value as string);
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    const s3 = this.options.s3;
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    if (!s3) {
      throw new CheckpointOffloadError(
        `cannot delete ${unique.length} offloaded checkpoint payload(s): this DynamoDBSaver has no \`s3\` option`,
      );
    }
    for (let i = 0; i < unique.length; i += S3_DELETE_LIMIT) {
      const batch = unique.slice(i, i + S3_DELETE_LIMIT);
      const res = await s3.client
        .send(
          new DeleteObjectsCommand({
            Bucket: s3.bucket,
            Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true },
          }),
        )
        .catch((err) => this.options.fail(err));
      const errors = (res.Errors ?? []).filter((e) => e.Code !== "NoSuchKey");
      if (errors.length > 0) {
        const first = errors[0];
        throw new CheckpointOffloadError(
          `failed to delete ${errors.length} offloaded payload(s) from s3://${s3.bucket}, e.g. ` +
            `${first?.Key}: ${first?.Code} ${first?.Message ?? ""}`.trim(),
        );
      }
    }
  }

  private async maybeCompress(raw: Uint8Array): Promise<{ bytes: Uint8Array; gzip: boolean }> {
    if (!this.options.compress || raw.byteLength < this.options.compressMinBytes) {
      return { bytes: raw, gzip: false };
    }
    const packed = new Uint8Array(await gzipAsync(raw));
    return packed.byteLength < raw.byteLength ? { bytes: packed, gzip: true } : { bytes: raw, gzip: false };
  }

  private async upload(threadId: string, bytes: Uint8Array): Promise<string> {
    const s3 = this.options.s3;
    if (!s3) throw new Error("unreachable: offload without s3 configuration");
    const digest = createHash("sha256").update(bytes).digest("hex");
    const key = `${this.prefix}${encodeURIComponent(threadId)}/${digest}`;
    await s3.client
      .send(
        new PutObjectCommand({
          Bucket: s3.bucket,
          Key: key,
          Body: bytes,
          ContentType: "application/octet-stream",
        }),
      )
      .catch((err) => this.options.fail(err));
    return key;
  }

  private async download(key: string): Promise<Uint8Array> {
    const s3 = this.options.s3;
    if (!s3) {
      throw new CheckpointOffloadError(
        `checkpoint payload was offloaded to S3 (key ${key}) but this DynamoDBSaver has no \`s3\` option`,
      );
    }
    const res = await s3.client
      .send(new GetObjectCommand({ Bucket: s3.bucket, Key: key }))
      .catch(async (err: unknown) => {
        if (err instanceof Error && err.name === "NoSuchKey") {
          throw new CheckpointOffloadError(
            `offloaded checkpoint payload s3://${s3.bucket}/${key} is missing (deleted by a lifecycle rule?)`,
            { cause: err },
          );
        }
        return this.options.fail(err);
      });
    if (!res.Body) throw new CheckpointOffloadError(`empty body for s3://${s3.bucket}/${key}`);
    return res.Body.transformToByteArray();
  }
}
