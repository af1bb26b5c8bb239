/**
 * AuditPort over S3: one object per record, `audit/<incidentId>/<seq, 10 digits>.json`, hash-chained with
 * `chainRecord`. Each put is a conditional create (`If-None-Match: *`), so two writers can never both take a
 * sequence number: the loser reads the winner's record, chains onto it and tries the next number.
 * Object Lock (immutability) is configured on the bucket by the infrastructure.
 */
import { createHash } from "node:crypto";
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { awsCall, isAwsError } from "../aws-shared/errors.js";
import { type AuditEntryInput, type AuditRecord, AuditRecordSchema } from "../domain/index.js";
import { chainRecord } from "../local/hash-chain.js";
import type { AuditPort } from "../ports.js";
import { safeIncidentId } from "./s3-keys.js";
import { mapLimit } from "./util.js";

export interface S3AuditOptions {
  /** Key prefix, e.g. `prod/`. Default none. */
  prefix?: string;
  /** Sequence numbers tried before giving up under contention. Default 25. */
  maxAttempts?: number;
}

const SEQ_DIGITS = 10;

export class S3Audit implements AuditPort {
  /** Last record this process wrote or read per incident: where the next append starts. */
  private readonly last = new Map<string, AuditRecord>();
  private readonly prefix: string;

  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
    private readonly options: S3AuditOptions = {},
  ) {
    this.prefix = options.prefix ?? "";
  }

  async append(entry: AuditEntryInput): Promise<AuditRecord> {
    const incidentId = safeIncidentId(entry.incidentId);
    if (entry.key) {
      // A keyed entry (a node re-run after a crash) is written once: find it in the trail first.
      const done = (await this.list(incidentId)).find((r) => r.key === entry.key);
      if (done) return done;
    }
    let previous = this.last.get(incidentId) ?? (await this.latest(incidentId));
    const attempts = this.options.maxAttempts ?? 25;
    for (let attempt = 0; attempt < attempts; attempt++) {
      const record = chainRecord(entry, previous);
      const key = this.key(incidentId, record.seq);
      const body = JSON.stringify(record);
      try {
        await awsCall(this.ctx("s3:PutObject", key), () =>
          this.client.send(
            new PutObjectCommand({
              Bucket: this.bucket,
              Key: key,
              Body: body,
              ContentType: "application/json",
              // Object Lock buckets refuse puts without an integrity header, whatever the SDK's checksum setting.
              ContentMD5: createHash("md5").update(body).digest("base64"),
              IfNoneMatch: "*",
            }),
          ),
        );
        this.last.set(incidentId, record);
        return record;
      } catch (err) {
        if (!isAwsError(err, "PreconditionFailed", "ConditionalRequestConflict")) throw err;
        const winner = await this.read(key);
        // Our own record: an earlier attempt of this put went through but its answer was lost (a timeout
        // the SDK retried). Same entry on the same predecessor gives the same hash; appending again would
        // duplicate it.
        if (winner?.hash === record.hash) {
          this.last.set(incidentId, winner);
          return winner;
        }
        // Another writer took this number: chain onto its record (or, mid-write, onto the latest one).
        previous = winner ?? (await this.latest(incidentId));
      }
    }
    throw new Error(
      `audit append for incident ${incidentId} lost the race for ${attempts} sequence numbers in s3://${this.bucket}; ` +
        "too many concurrent writers for one incident",
    );
  }

  async list(incidentId: string): Promise<AuditRecord[]> {
    const keys = await this.keys(safeIncidentId(incidentId));
    const records = await mapLimit(keys, 8, (key) => this.read(key));
    return records.filter((r): r is AuditRecord => r !== undefined).sort((a, b) => a.seq - b.seq);
  }

  private key(incidentId: string, seq: number): string {
    return `${this.prefix}audit/${incidentId}/${String(seq).padStart(SEQ_DIGITS, "0")}.json`;
  }

  /** Every record key of an incident, in sequence order (zero-padded keys sort numerically). */
  private async keys(incidentId: string): Promise<string[]> {
    const prefix = `${this.prefix}audit/${incidentId}/`;
    const keys: string[] = [];
    let ContinuationToken: string | undefined;
    do {
      const page = await awsCall(this.ctx("s3:ListBucket", prefix), () =>
        this.client.send(
          new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken }),
        ),
      );
      for (const o of page.Contents ?? []) if (o.Key?.endsWith(".json")) keys.push(o.Key);
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    return keys.sort();
  }

  private async latest(incidentId: string): Promise<AuditRecord | undefined> {
    const last = (await this.keys(incidentId)).at(-1);
    const record = last ? await this.read(last) : undefined;
    if (record) this.last.set(incidentId, record);
    return record;
  }

  private async read(key: string): Promise<AuditRecord | undefined> {
    try {
      const res = await awsCall(this.ctx("s3:GetObject", key), () =>
        this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key })),
      );
      const text = (await res.Body?.transformToString("utf-8")) ?? "";
      const parsed = AuditRecordSchema.safeParse(JSON.parse(text));
      if (!parsed.success)
        throw new Error(`audit record s3://${this.bucket}/${key} is not a valid audit record`);
      return parsed.data;
    } catch (err) {
      if (isAwsError(err, "NoSuchKey", "NotFound")) return undefined;
      throw err;
    }
  }

  private ctx(action: string, key: string) {
    return { action, resource: `s3://${this.bucket}/${key}`, region: () => this.client.config.region() };
  }
}
