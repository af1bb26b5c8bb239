/**
 * LangGraph checkpoint saver backed by one DynamoDB table (key layout in keys.ts), with large
 * payloads offloaded to S3 (serialization/offload.ts).
 *
 * Checkpoints are stored without `channel_values`; each channel value is its own item, written once
 * per (namespace, channel, version) when the channel appears in `newVersions`, and the values are
 * rebuilt on read from `channel_versions`. A step that touches one channel therefore writes one
 * small blob instead of the whole state.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  copyCheckpoint,
  getCheckpointId,
  type PendingWrite,
  type SerializerProtocol,
  WRITES_IDX_MAP,
} from "@langchain/langgraph-checkpoint";
import { batchWrite, type DynamoIo, guarded, type Item, mapLimit, queryItems } from "./dynamo.js";
import { toCheckpointError } from "./errors.js";
import { blobSk, checkpointSk, KEY, threadPk, writeSk } from "./keys.js";
import { listCheckpoints } from "./list.js";
import { EMPTY_BLOB_TYPE, TupleReader } from "./read.js";
import {
  DEFAULT_COMPRESS_MIN_BYTES,
  DEFAULT_OFFLOAD_THRESHOLD_BYTES,
  PayloadCodec,
  type S3OffloadOptions,
  s3Attr,
} from "./serialization/offload.js";

export const DEFAULT_TTL_SECONDS = 90 * 24 * 60 * 60;

export interface DynamoDBSaverOptions {
  client: DynamoDBClient;
  tableName: string;
  /**
   * Where payloads go when an item would exceed `offloadThresholdBytes`. Without it items stay inline
   * up to DynamoDB's 400 KB limit and larger puts fail with CheckpointItemTooLargeError.
   */
  s3?: S3OffloadOptions;
  /** Estimated item size above which payloads are moved to S3. Default 350 KB. */
  offloadThresholdBytes?: number;
  /** gzip payloads of at least `compressMinBytes` (default 1 KiB) when that makes them smaller. */
  compress?: boolean;
  compressMinBytes?: number;
  /** Items expire this long after they are written (`ttl` attribute). Default 90 days; 0 disables. */
  ttlSeconds?: number;
  /** Strongly consistent reads (default true): a resumed run must see the latest checkpoint. */
  consistentRead?: boolean;
  /** `Limit` per Query/Scan page; leave unset in production (DynamoDB fills 1 MB pages). */
  pageSize?: number;
  /** Retries of unprocessed batch items (exponential backoff from `retryBaseMs`, default 50 ms). */
  maxBatchRetries?: number;
  retryBaseMs?: number;
  /** Parallel DynamoDB/S3 requests per saver call. Default 8. */
  concurrency?: number;
  serde?: SerializerProtocol;
}

/** Attributes holding a serialized payload (see PayloadCodec); the projection deleteThread needs. */
const PAYLOAD_FIELDS = ["checkpoint", "metadata", "value"] as const;

const hasValue = (values: Record<string, unknown>, channel: string) =>
  Object.hasOwn(values, channel) && values[channel] !== undefined;

function requireThreadId(config: RunnableConfig, action: string): string {
  const threadId = config.configurable?.thread_id;
  if (typeof threadId !== "string" || threadId === "") {
    throw new Error(
      `Failed to ${action}: the RunnableConfig has no "thread_id" in its "configurable" property. ` +
        'Pass one, e.g. graph.invoke(input, { configurable: { thread_id: "incident-123" } })',
    );
  }
  return threadId;
}

export class DynamoDBSaver extends BaseCheckpointSaver {
  readonly tableName: string;
  /** @internal shared with list.ts */
  readonly io: DynamoIo;
  /** @internal */
  readonly codec: PayloadCodec;
  /** @internal */
  readonly consistentRead: boolean;
  /** @internal shared with list.ts */
  readonly reader: TupleReader;
  private readonly ttlSeconds: number;

  constructor(options: DynamoDBSaverOptions) {
    super(options.serde);
    this.tableName = options.tableName;
    this.ttlSeconds = options.ttlSeconds ?? DEFAULT_TTL_SECONDS;
    this.consistentRead = options.consistentRead ?? true;
    const client = options.client;
    const region = () => client.config.region();
    this.io = {
      doc: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }),
      tableName: options.tableName,
      pageSize: options.pageSize,
      maxBatchRetries: options.maxBatchRetries ?? 8,
      retryBaseMs: options.retryBaseMs ?? 50,
      concurrency: options.concurrency ?? 8,
      fail: async (err) => {
        throw await toCheckpointError(err, { service: "DynamoDB", resource: options.tableName, region });
      },
    };
    const s3 = options.s3;
    this.codec = new PayloadCodec({
      s3,
      thresholdBytes: options.offloadThresholdBytes ?? DEFAULT_OFFLOAD_THRESHOLD_BYTES,
      compress: options.compress ?? false,
      compressMinBytes: options.compressMinBytes ?? DEFAULT_COMPRESS_MIN_BYTES,
      fail: async (err) => {
        throw await toCheckpointError(err, {
          service: "S3",
          resource: s3?.bucket ?? "(none)",
          region: () => s3?.client.config.region() ?? region(),
        });
      },
    });
    this.reader = new TupleReader({
      io: this.io,
      codec: this.codec,
      // Delegate so a serde swapped in after construction is honoured, as by the base class.
      serde: {
        dumpsTyped: (data) => this.serde.dumpsTyped(data),
        loadsTyped: (type, data) => this.serde.loadsTyped(type, data),
      },
      consistentRead: this.consistentRead,
      ttlSeconds: this.ttlSeconds,
      initialVersion: () => this.getNextVersion(undefined),
    });
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const threadId = requireThreadId(config, "put checkpoint");
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const parentId: string | undefined = config.configurable?.checkpoint_id;
    const pk = threadPk(threadId);
    const ttl = this.ttl();
    const { channel_values: values, ...stored } = copyCheckpoint(checkpoint);

    // Blobs first: a reader that sees the checkpoint item must find every value it references.
    const blobs = await mapLimit(
      Object.entries(newVersions),
      this.io.concurrency,
      async ([channel, version]) => {
        const base = { pk, sk: blobSk(ns, channel, version), channel, version: String(version), ...ttl };
        if (!hasValue(values, channel)) return { ...base, type: EMPTY_BLOB_TYPE };
        const [type, bytes] = await this.serde.dumpsTyped(values[channel]);
        return this.codec.encodeItem(
          threadId,
          { ...base, type },
          { value: bytes },
          `channel "${channel}" value`,
        );
      },
    );
    await batchWrite(
      this.io,
      blobs.map((Item) => ({ PutRequest: { Item } })),
    );

    const [[checkpointType, checkpointBytes], [metadataType, metadataBytes]] = await Promise.all([
      this.serde.dumpsTyped(stored),
      this.serde.dumpsTyped(metadata),
    ]);
    const item = await this.codec.encodeItem(
      threadId,
      {
        pk,
        sk: checkpointSk(ns, checkpoint.id),
        thread_id: threadId,
        checkpoint_ns: ns,
        checkpoint_id: checkpoint.id,
        parent_checkpoint_id: parentId,
        checkpoint_type: checkpointType,
        metadata_type: metadataType,
        ...ttl,
      },
      { checkpoint: checkpointBytes, metadata: metadataBytes },
      "checkpoint",
    );
    await guarded(this.io, () => this.io.doc.send(new PutCommand({ TableName: this.tableName, Item: item })));
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  /**
   * Same semantics as MemorySaver: special channels (WRITES_IDX_MAP: errors, interrupts, ...) get a
   * fixed negative index and overwrite; regular writes are put-if-absent, so a retried task can't
   * replace the writes a previous attempt already recorded.
   */
  async putWrites(
    config: RunnableConfig,
    writes: PendingWrite[],
    taskId: string,
    taskPath = "",
  ): Promise<void> {
    const threadId = requireThreadId(config, "put writes");
    const checkpointId: string | undefined = config.configurable?.checkpoint_id;
    if (!checkpointId) {
      throw new Error('Failed to put writes: the RunnableConfig has no "checkpoint_id" in "configurable"');
    }
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const ttl = this.ttl();
    const items = await mapLimit(writes, this.io.concurrency, async ([channel, value], i) => {
      const idx = WRITES_IDX_MAP[channel] ?? i;
      const [type, bytes] = await this.serde.dumpsTyped(value);
      const base = {
        pk: threadPk(threadId),
        sk: writeSk(ns, checkpointId, taskId, idx),
        checkpoint_ns: ns,
        checkpoint_id: checkpointId,
        task_id: taskId,
        task_path: taskPath,
        idx,
        channel,
        type,
        ...ttl,
      };
      const item = await this.codec.encodeItem(
        threadId,
        base,
        { value: bytes },
        `pending write to "${channel}"`,
      );
      return { item, special: idx < 0 };
    });
    const regular = items.filter((w) => !w.special).map((w) => w.item);
    await Promise.all([
      batchWrite(
        this.io,
        items.filter((w) => w.special).map((w) => ({ PutRequest: { Item: w.item } })),
      ),
      mapLimit(regular, this.io.concurrency, async (Item) => {
        try {
          await this.io.doc.send(
            new PutCommand({
              TableName: this.tableName,
              Item,
              ConditionExpression: "attribute_not_exists(#pk)",
              ExpressionAttributeNames: { "#pk": KEY.pk },
            }),
          );
        } catch (err) {
          if (err instanceof Error && err.name === "ConditionalCheckFailedException") return;
          await this.io.fail(err);
        }
      }),
    ]);
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id;
    if (typeof threadId !== "string") return undefined;
    const ns: string = config.configurable?.checkpoint_ns ?? "";
    const checkpointId = getCheckpointId(config);
    let item: Item | undefined;
    if (checkpointId) {
      const res = await guarded(this.io, () =>
        this.io.doc.send(
          new GetCommand({
            TableName: this.tableName,
            Key: { pk: threadPk(threadId), sk: checkpointSk(ns, checkpointId) },
            ConsistentRead: this.consistentRead,
          }),
        ),
      );
      item = res.Item;
    } else {
      for await (const latest of queryItems(this.io, {
        KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
        ExpressionAttributeNames: { "#pk": KEY.pk, "#sk": KEY.sk },
        ExpressionAttributeValues: { ":pk": threadPk(threadId), ":prefix": checkpointSk(ns, "") },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: this.consistentRead,
      })) {
        item = latest;
        break;
      }
    }
    return item ? this.reader.toTuple(item, { refreshTtl: true }) : undefined;
  }

  list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    return listCheckpoints(this, config, options ?? {});
  }

  /** Deletes every item of the thread (all namespaces) and the S3 objects they point to. */
  async deleteThread(threadId: string): Promise<void> {
    const keys: { pk: string; sk: string }[] = [];
    const objects: string[] = [];
    const projected = [KEY.pk, KEY.sk, ...PAYLOAD_FIELDS.map(s3Attr)];
    for await (const item of queryItems(this.io, {
      KeyConditionExpression: "#pk = :pk",
      ProjectionExpression: projected.map((_, i) => `#a${i}`).join(", "),
      ExpressionAttributeNames: {
        "#pk": KEY.pk,
        ...Object.fromEntries(projected.map((name, i) => [`#a${i}`, name])),
      },
      ExpressionAttributeValues: { ":pk": threadPk(threadId) },
      ConsistentRead: this.consistentRead,
    })) {
      keys.push({ pk: String(item[KEY.pk]), sk: String(item[KEY.sk]) });
      objects.push(...PayloadCodec.referencedKeys(item));
    }
    // S3 first: if the item deletes then fail, a retry still finds (and re-deletes) the pointers.
    await this.codec.deleteObjects(objects);
    await batchWrite(
      this.io,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
    );
  }

  private ttl(): { ttl?: number } {
    return this.ttlSeconds > 0 ? { ttl: Math.floor(Date.now() / 1000) + this.ttlSeconds } : {};
  }
}
