import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { DynamoDBDocumentClient, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointTuple,
  emptyCheckpoint,
  uuid6,
} from "@langchain/langgraph-checkpoint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localAwsClientConfig } from "../../tools/local-aws/servers.js";
import {
  CheckpointItemTooLargeError,
  CheckpointOffloadError,
  CheckpointTableNotFoundError,
} from "./errors.js";
import type { DynamoDBSaver } from "./saver.js";
import { createCheckpointTable } from "./table.js";
import { LocalAws, TEST_BUCKET } from "./test-support.js";

const aws = new LocalAws();
beforeAll(() => aws.start({ s3: true }), 30_000);
afterAll(() => aws.stop());

const meta = (step: number, extra: Record<string, unknown> = {}): CheckpointMetadata =>
  ({ source: "loop", step, parents: {}, ...extra }) as CheckpointMetadata;

function checkpointWith(values: Record<string, unknown>, version = 1): Checkpoint {
  const cp = emptyCheckpoint();
  cp.id = uuid6(-1);
  cp.channel_values = values;
  cp.channel_versions = Object.fromEntries(Object.keys(values).map((k) => [k, version]));
  return cp;
}

/** Put `checkpoint` storing every channel (all in newVersions). */
function putAll(saver: DynamoDBSaver, threadId: string, cp: Checkpoint, md = meta(0), ns = "") {
  return saver.put({ configurable: { thread_id: threadId, checkpoint_ns: ns } }, cp, md, cp.channel_versions);
}

const randomText = (bytes: number) => randomBytes(Math.ceil((bytes * 3) / 4)).toString("base64");

async function s3Keys(prefix: string): Promise<string[]> {
  const res = await aws.s3Client.send(new ListObjectsV2Command({ Bucket: TEST_BUCKET, Prefix: prefix }));
  return (res.Contents ?? []).map((o) => o.Key ?? "");
}

async function collect(gen: AsyncGenerator<CheckpointTuple>): Promise<CheckpointTuple[]> {
  const out: CheckpointTuple[] = [];
  for await (const t of gen) out.push(t);
  return out;
}

/** A client whose requests are counted by command name (e.g. to prove Query paginated). */
function countingClient() {
  const counts: Record<string, number> = {};
  const client = new DynamoDBClient(localAwsClientConfig(aws.dynamo?.endpoint ?? ""));
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const name = String(context.commandName);
      counts[name] = (counts[name] ?? 0) + 1;
      return next(args);
    },
    { step: "initialize", name: "countRequests" },
  );
  return { client, counts };
}

describe("S3 offload", () => {
  it("round-trips a checkpoint above the default 350 KB threshold through S3", async () => {
    const saver = await aws.newSaver({ s3: aws.s3Options("default-threshold/") });
    const big = randomText(500_000);
    const cp = checkpointWith({ evidence: big, severity: "SEV2" });
    const config = await putAll(saver, "t-big", cp, meta(0, { note: randomText(2_000) }));
    await saver.putWrites(config, [["evidence", `${big}!`]], "task-1");

    const tuple = await saver.getTuple(config);
    expect(tuple?.checkpoint).toEqual(cp);
    expect(tuple?.pendingWrites).toEqual([["task-1", "evidence", `${big}!`]]);

    const items = await aws.scanAll(saver.tableName);
    const offloaded = items.filter((i) => typeof i.value_s3 === "string");
    expect(offloaded.map((i) => i.channel).sort()).toEqual(["evidence", "evidence"]);
    expect(offloaded.every((i) => i.value === undefined)).toBe(true);
    const inline = items.find((i) => i.channel === "severity");
    expect(inline?.value).toBeInstanceOf(Uint8Array);
    expect(await s3Keys("default-threshold/t-big/")).toHaveLength(2);
  });

  it("offloads the checkpoint item's own payloads when metadata is huge", async () => {
    const saver = await aws.newSaver({ s3: aws.s3Options("meta/"), offloadThresholdBytes: 64 * 1024 });
    const cp = checkpointWith({ a: 1 });
    const md = meta(3, { transcript: randomText(200_000) });
    const config = await putAll(saver, "t-meta", cp, md);
    const item = (await aws.scanAll(saver.tableName)).find((i) => String(i.sk).startsWith("CP#"));
    expect(typeof item?.metadata_s3).toBe("string");
    expect(item?.checkpoint).toBeInstanceOf(Uint8Array);
    const tuple = await saver.getTuple(config);
    expect(tuple?.metadata).toEqual(md);
    expect(tuple?.checkpoint).toEqual(cp);
  });

  it("gzips payloads: compressible ones stay inline, big incompressible ones go to S3 compressed", async () => {
    const saver = await aws.newSaver({
      s3: aws.s3Options("gzip/"),
      compress: true,
      offloadThresholdBytes: 100 * 1024,
    });
    const repetitive = "ERROR connection reset by peer\n".repeat(40_000); // ~1.2 MB
    const noisy = randomText(400_000); // base64 compresses to ~75%: still above the threshold
    const cp = checkpointWith({ logs: repetitive, noise: noisy, small: "ok" });
    const config = await putAll(saver, "t-gzip", cp);
    expect((await saver.getTuple(config))?.checkpoint).toEqual(cp);

    const items = await aws.scanAll(saver.tableName);
    const byChannel = new Map(items.map((i) => [i.channel, i]));
    expect(byChannel.get("logs")).toMatchObject({ value_enc: "gzip" });
    expect(byChannel.get("logs")?.value).toBeInstanceOf(Uint8Array);
    expect(byChannel.get("noise")).toMatchObject({ value_enc: "gzip" });
    expect(typeof byChannel.get("noise")?.value_s3).toBe("string");
    expect(byChannel.get("small")?.value_enc).toBeUndefined();

    const obj = await aws.s3Client.send(
      new GetObjectCommand({ Bucket: TEST_BUCKET, Key: String(byChannel.get("noise")?.value_s3) }),
    );
    const body = await obj.Body?.transformToByteArray();
    expect([body?.[0], body?.[1]]).toEqual([0x1f, 0x8b]);
  });

  it("explains a missing offload bucket", async () => {
    const saver = await aws.newSaver({ s3: { client: aws.s3Client, bucket: "no-such-bucket" } });
    const put = putAll(saver, "t-nobucket", checkpointWith({ evidence: randomText(450_000) }));
    await expect(put).rejects.toBeInstanceOf(CheckpointOffloadError);
    await expect(put).rejects.toThrow(/S3 offload bucket no-such-bucket not found in region us-east-1/);
  });

  it("fails clearly when an item exceeds 400 KB and no bucket is configured", async () => {
    const saver = await aws.newSaver();
    const cp = checkpointWith({ evidence: randomText(450_000) });
    const put = putAll(saver, "t-too-big", cp);
    await expect(put).rejects.toBeInstanceOf(CheckpointItemTooLargeError);
    await expect(put).rejects.toThrow(
      /of \d+ bytes exceeds DynamoDB's 400 KB item limit; configure offload bucket/,
    );
  });
});

describe("pagination", () => {
  it("writes and reads >100 channels and >25 writes in chunks, and lists across >1 MB of pages", async () => {
    const { client, counts } = countingClient();
    const saver = await aws.newSaver({ client });
    const values = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`ch${i}`, `value-${i}`]));
    const cp = checkpointWith(values);
    const config = await putAll(saver, "t-wide", cp);
    expect(counts.BatchWriteItemCommand).toBe(6); // ceil(130 / 25)

    const writes = Array.from({ length: 60 }, (_, i) => [`ch${i}`, i] as [string, unknown]);
    await saver.putWrites(config, writes, "task-a", "~a");
    await saver.putWrites(config, [["ch0", "first"]], "task-0", "~0");
    const tuple = await saver.getTuple(config);
    expect(tuple?.checkpoint.channel_values).toEqual(values);
    expect(counts.BatchGetItemCommand).toBe(2); // ceil(130 / 100)
    expect(tuple?.pendingWrites).toEqual([
      ["task-0", "ch0", "first"],
      ...writes.map(([ch, v]) => ["task-a", ch, v]),
    ]);

    // ~40 x 40 KB of metadata: the header pass and the namespace query both span several 1 MB pages.
    for (let step = 1; step <= 40; step++) {
      const next = checkpointWith({ ch0: step }, step + 1);
      await putAll(saver, "t-wide", next, meta(step, { blob: randomText(40_000) }));
    }
    const before = counts.QueryCommand ?? 0;
    const all = await collect(saver.list({ configurable: { thread_id: "t-wide", checkpoint_ns: "" } }));
    expect(all).toHaveLength(41);
    const ids = all.map((t) => t.checkpoint.id);
    expect(ids).toEqual([...ids].sort().reverse());
    const queries = (counts.QueryCommand ?? 0) - before;
    expect(queries).toBeGreaterThanOrEqual(41 + 2); // one writes query per tuple + at least 2 pages

    const everywhere = await collect(saver.list({}, { filter: { step: 7 } }));
    expect(everywhere.map((t) => t.metadata?.step)).toEqual([7]);
    const limited = await collect(saver.list({ configurable: { thread_id: "t-wide" } }, { limit: 3 }));
    expect(limited.map((t) => t.checkpoint.id)).toEqual(ids.slice(0, 3));
    client.destroy();
  });

  it("follows LastEvaluatedKey with a tiny page size", async () => {
    const saver = await aws.newSaver({ pageSize: 2 });
    for (let i = 0; i < 7; i++) await putAll(saver, "t-pages", checkpointWith({ n: i }, i + 1), meta(i));
    const config: RunnableConfig = { configurable: { thread_id: "t-pages", checkpoint_ns: "" } };
    expect(await collect(saver.list(config))).toHaveLength(7);
    expect(await collect(saver.list({}))).toHaveLength(7);
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ n: 6 });
  });
});

describe("pending writes", () => {
  it("special writes overwrite, regular writes are put-if-absent, order is (task_path, task_id, idx)", async () => {
    const saver = await aws.newSaver();
    const config = await putAll(saver, "t-writes", checkpointWith({}));
    await saver.putWrites(config, [["out", "late"]], "task-b", "~1");
    await saver.putWrites(
      config,
      [
        ["out", "early"],
        ["__error__", "boom-1"],
      ],
      "task-a",
      "~0",
    );
    await saver.putWrites(
      config,
      [
        ["out", "retried"],
        ["__error__", "boom-2"],
      ],
      "task-a",
      "~0",
    );
    const tuple = await saver.getTuple(config);
    expect(tuple?.pendingWrites).toEqual([
      ["task-a", "__error__", "boom-2"],
      ["task-a", "out", "early"],
      ["task-b", "out", "late"],
    ]);
  });
});

describe("deleteThread", () => {
  it("removes every item of the thread in all namespaces and its S3 objects, and nothing else", async () => {
    const saver = await aws.newSaver({ s3: aws.s3Options("del/"), offloadThresholdBytes: 8 * 1024 });
    for (const threadId of ["doomed", "kept"]) {
      for (const ns of ["", "child:1"]) {
        const cfg = await putAll(
          saver,
          threadId,
          checkpointWith({ big: randomText(20_000), x: 1 }),
          meta(0),
          ns,
        );
        await saver.putWrites(cfg, [["big", randomText(20_000)]], "task-1");
        await saver.putWrites(
          cfg,
          Array.from({ length: 30 }, (_, i) => [`c${i}`, i]),
          "task-2",
        );
      }
    }
    expect((await s3Keys("del/doomed/")).length).toBe(4);
    await saver.deleteThread("doomed");

    const items = await aws.scanAll(saver.tableName);
    expect(items.filter((i) => i.pk === "THREAD#doomed")).toEqual([]);
    expect(items.filter((i) => i.pk === "THREAD#kept").length).toBe(2 * (1 + 2 + 1 + 30));
    expect(await s3Keys("del/doomed/")).toEqual([]);
    expect((await s3Keys("del/kept/")).length).toBe(4);
    expect(await saver.getTuple({ configurable: { thread_id: "doomed" } })).toBeUndefined();
    expect(await collect(saver.list({ configurable: { thread_id: "doomed" } }))).toEqual([]);
    expect(await saver.getTuple({ configurable: { thread_id: "kept" } })).toBeDefined();
  });
});

describe("table, TTL and errors", () => {
  it("stamps a ttl on every item, or none when ttlSeconds is 0", async () => {
    const saver = await aws.newSaver({ ttlSeconds: 3600 });
    const cfg = await putAll(saver, "t-ttl", checkpointWith({ a: 1 }));
    await saver.putWrites(cfg, [["a", 2]], "task");
    const now = Date.now() / 1000;
    const items = await aws.scanAll(saver.tableName);
    expect(items.length).toBe(3);
    for (const item of items) expect(Number(item.ttl)).toBeGreaterThan(now + 3500);

    const noTtl = await aws.newSaver({ ttlSeconds: 0 });
    await putAll(noTtl, "t-ttl", checkpointWith({ a: 1 }));
    expect((await aws.scanAll(noTtl.tableName)).every((i) => i.ttl === undefined)).toBe(true);
  });

  it("pushes out the expiry of old blobs a loaded checkpoint still references", async () => {
    const saver = await aws.newSaver({ ttlSeconds: 1000 });
    const cfg = await putAll(saver, "t-refresh", checkpointWith({ a: 1, b: 2 }));
    const doc = DynamoDBDocumentClient.from(aws.dynamoClient);
    const now = Math.floor(Date.now() / 1000);
    const blobA = (await aws.scanAll(saver.tableName)).find((i) => i.channel === "a");
    await doc.send(
      new UpdateCommand({
        TableName: saver.tableName,
        Key: { pk: blobA?.pk, sk: blobA?.sk },
        UpdateExpression: "SET #t = :t",
        ExpressionAttributeNames: { "#t": "ttl" },
        ExpressionAttributeValues: { ":t": now + 10 },
      }),
    );
    expect((await saver.getTuple(cfg))?.checkpoint.channel_values).toEqual({ a: 1, b: 2 });
    const after = await aws.scanAll(saver.tableName);
    expect(Number(after.find((i) => i.channel === "a")?.ttl)).toBeGreaterThanOrEqual(now + 1000);
  });

  it("createCheckpointTable is idempotent and tolerates an emulator without TTL support", async () => {
    const name = await aws.newTable();
    expect(await createCheckpointTable(aws.dynamoClient, name)).toEqual({
      created: false,
      ttlEnabled: false,
    });
  });

  it("explains a missing table", async () => {
    const saver = await aws.newSaver({ tableName: "no-such-table" });
    const read = saver.getTuple({ configurable: { thread_id: "t" } });
    await expect(read).rejects.toBeInstanceOf(CheckpointTableNotFoundError);
    await expect(read).rejects.toThrow(
      "DynamoDB table no-such-table not found in region us-east-1: create it with createCheckpointTable() " +
        "or deploy the CDK stack",
    );
  });
});
