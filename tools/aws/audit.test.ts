/** The S3 audit trail against an in-memory S3 that honours `If-None-Match: *` (s3rver does not). */
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mockClient } from "aws-sdk-client-mock";
import type { AuditRecord } from "../domain/index.js";
import { firstBrokenLink } from "../local/hash-chain.js";
import { S3Audit } from "./audit.js";
import { awsError, TEST_CLIENT_CONFIG } from "./test-support.js";

const s3 = mockClient(S3Client);
const client = new S3Client(TEST_CLIENT_CONFIG);
const BUCKET = "air-audit";
let objects: Map<string, string>;
let conflicts = 0;

const jitter = () => new Promise((r) => setTimeout(r, Math.random() * 4));
const entry = (i: number, actor = "graph") => ({
  incidentId: "inc-1",
  time: new Date(Date.UTC(2026, 2, 1, 12, 0, i)).toISOString(),
  actor,
  kind: "note",
  summary: `step ${i}`,
  data: { i },
});

beforeEach(() => {
  s3.reset();
  objects = new Map();
  conflicts = 0;
  s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: string; IfNoneMatch?: string }) => {
    await jitter();
    if (input.IfNoneMatch === "*" && objects.has(input.Key)) {
      conflicts++;
      throw awsError(
        "PreconditionFailed",
        "At least one of the pre-conditions you specified did not hold",
        412,
      );
    }
    objects.set(input.Key, input.Body);
    return {};
  });
  s3.on(GetObjectCommand).callsFake(async (input: { Key: string }) => {
    const body = objects.get(input.Key);
    if (body === undefined) throw awsError("NoSuchKey", "The specified key does not exist.", 404);
    return { Body: { transformToString: async () => body } };
  });
  // Two keys a page, to exercise pagination.
  s3.on(ListObjectsV2Command).callsFake(async (input: { Prefix: string; ContinuationToken?: string }) => {
    const keys = [...objects.keys()].filter((k) => k.startsWith(input.Prefix)).sort();
    const from = Number(input.ContinuationToken ?? 0);
    const page = keys.slice(from, from + 2);
    const more = from + 2 < keys.length;
    return {
      Contents: page.map((Key) => ({ Key })),
      IsTruncated: more,
      ...(more ? { NextContinuationToken: String(from + 2) } : {}),
    };
  });
});

describe("S3Audit", () => {
  it("writes one conditionally-created object per record and reads the chain back in order", async () => {
    const audit = new S3Audit(client, BUCKET, { prefix: "prod/" });
    for (let i = 0; i < 5; i++) await audit.append(entry(i));
    expect([...objects.keys()].sort()).toEqual(
      [0, 1, 2, 3, 4].map((i) => `prod/audit/inc-1/${String(i).padStart(10, "0")}.json`),
    );
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({ Bucket: BUCKET, IfNoneMatch: "*", ContentType: "application/json" });
    const records = await new S3Audit(client, BUCKET, { prefix: "prod/" }).list("inc-1");
    expect(records.map((r) => r.seq)).toEqual([0, 1, 2, 3, 4]);
    expect(firstBrokenLink(records)).toBe(-1);
    expect(s3.commandCalls(ListObjectsV2Command).length).toBeGreaterThanOrEqual(3);
  });

  it("lets concurrent writers never share a sequence number and keeps the chain intact", async () => {
    const writers = [new S3Audit(client, BUCKET), new S3Audit(client, BUCKET), new S3Audit(client, BUCKET)];
    const written = await Promise.all(
      Array.from(
        { length: 24 },
        (_, i) => writers[i % 3]?.append(entry(i, `worker-${i % 3}`)) as Promise<AuditRecord>,
      ),
    );
    expect(new Set(written.map((r) => r.seq)).size).toBe(24);
    expect(conflicts).toBeGreaterThan(0);
    const records = await writers[0]?.list("inc-1");
    expect(records?.map((r) => r.seq)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    expect(firstBrokenLink(records ?? [])).toBe(-1);
  });

  it("shows tampering with a stored record", async () => {
    const audit = new S3Audit(client, BUCKET);
    for (let i = 0; i < 3; i++) await audit.append(entry(i));
    const key = "audit/inc-1/0000000001.json";
    const record = JSON.parse(objects.get(key) ?? "{}");
    objects.set(key, JSON.stringify({ ...record, summary: "nothing to see" }));
    expect(firstBrokenLink(await audit.list("inc-1"))).toBe(1);
  });

  it("refuses incident ids that would escape their prefix", async () => {
    await expect(new S3Audit(client, BUCKET).append({ ...entry(0), incidentId: "../other" })).rejects.toThrow(
      /InvalidIncidentId/,
    );
  });

  it("explains a missing bucket", async () => {
    s3.on(ListObjectsV2Command).rejects(awsError("NoSuchBucket", "The specified bucket does not exist", 404));
    await expect(new S3Audit(client, BUCKET).list("inc-1")).rejects.toThrow(
      /s3:\/\/air-audit\/audit\/inc-1\/ was not found/,
    );
  });
});

describe("S3 audit under lost answers and re-runs", () => {
  it("a put whose answer was lost (the retry finds its own record) is not appended twice", async () => {
    const audit = new S3Audit(client, BUCKET);
    await audit.append(entry(0));
    // The first attempt of the next put stored the object, then the answer was lost; the SDK's retry
    // reaches S3 as a conditional create on a key that now exists.
    let first = true;
    s3.on(PutObjectCommand).callsFake(async (input: { Key: string; Body: string; IfNoneMatch?: string }) => {
      if (first) {
        first = false;
        objects.set(input.Key, input.Body);
      }
      if (input.IfNoneMatch === "*" && objects.has(input.Key))
        throw awsError(
          "PreconditionFailed",
          "At least one of the pre-conditions you specified did not hold",
          412,
        );
      objects.set(input.Key, input.Body);
      return {};
    });
    const record = await audit.append(entry(1));
    const trail = await audit.list("inc-1");
    expect(trail.map((r) => r.summary)).toEqual(["step 0", "step 1"]);
    expect(record.seq).toBe(1);
    expect(firstBrokenLink(trail)).toBe(-1);
  });

  it("a keyed entry appended again by a fresh process (a node re-run after a crash) returns the first record", async () => {
    const keyed = { ...entry(0), key: "inc-1/7/execute/audit:action-started" };
    const first = await new S3Audit(client, BUCKET).append(keyed);
    const again = await new S3Audit(client, BUCKET).append({ ...keyed, time: "2026-03-01T12:09:00.000Z" });
    expect(again).toEqual(first);
    expect(await new S3Audit(client, BUCKET).list("inc-1")).toHaveLength(1);
  });
});
