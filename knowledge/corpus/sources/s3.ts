/** Runbooks from an S3 prefix: ListObjectsV2 (paginated) + GetObject, re-read only when an ETag changes. */
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { parseRunbook } from "../front-matter.js";
import type { Runbook, RunbookSource } from "../schema.js";
import { type SourceEntry, VersionedSource } from "./versioned.js";

export interface S3SourceOptions {
  client: S3Client;
  bucket: string;
  /** Key prefix, e.g. `runbooks/`; empty for the whole bucket. */
  prefix?: string;
  /** Defaults to "organisation". */
  source?: RunbookSource;
  /** Page size for ListObjectsV2 (default 1000, the S3 maximum). */
  pageSize?: number;
}

export class S3Source extends VersionedSource {
  readonly name: string;
  private readonly options: S3SourceOptions;

  constructor(options: S3SourceOptions) {
    super();
    this.options = options;
    this.name = `s3://${options.bucket}/${options.prefix ?? ""}`;
  }

  protected async list(): Promise<SourceEntry[]> {
    const { client, bucket, prefix = "", pageSize = 1000 } = this.options;
    const out: SourceEntry[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: bucket,
          Prefix: prefix,
          ContinuationToken: token,
          MaxKeys: pageSize,
        }),
      );
      for (const object of page.Contents ?? []) {
        const key = object.Key;
        if (!key?.endsWith(".md") || key.toLowerCase().endsWith("readme.md")) continue;
        out.push({ key, version: object.ETag ?? `${object.LastModified?.toISOString()}:${object.Size}` });
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return out;
  }

  protected async read(key: string): Promise<string> {
    const response = await this.options.client.send(
      new GetObjectCommand({ Bucket: this.options.bucket, Key: key }),
    );
    if (!response.Body) throw new Error(`s3://${this.options.bucket}/${key} has no body`);
    return response.Body.transformToString("utf8");
  }

  protected parse(text: string, key: string): Runbook[] {
    return [parseRunbook(text, `s3://${this.options.bucket}/${key}`, this.options.source ?? "organisation")];
  }
}
