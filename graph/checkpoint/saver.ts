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
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { RunnableConfig } from "@langchain/core/runnables";
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  maxChannelVersion,
  type PendingWrite,
  type SerializerProtocol,
  TASKS,
  WRITES_IDX_MAP,
  writesSortKey,
} from "@langchain/langgraph-checkpoint";
import { batchGet, batchWrite, type DynamoIo, guarded, type Item, mapLimit, queryItems } from "./dynamo.js";
import { translateAwsError } from "./errors.js";
import { blobSk, checkpointSk, KEY, keyId, threadPk, writeSk, writesPrefix } from "./keys.js";
import { listCheckpoints } from "./list.js";
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
  /** Where payloads that would push an item past `offloadThresholdBytes` go. Without it, such puts fail. */
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
const EMPTY = "empty";

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
        throw await translateAwsError(err, { service: "DynamoDB", resource: options.tableName, region });
      },
    };
    const s3 = options.s3;
    this.codec = new PayloadCodec({
      s3,
      thresholdBytes: options.offloadThresholdBytes ?? DEFAULT_OFFLOAD_THRESHOLD_BYTES,
      compress: options.compress ?? false,
      compressMinBytes: options.compressMinBytes ?? DEFAULT_COMPRESS_MIN_BYTES,
      fail: async (err) => {
        throw await translateAwsError(err, {
          service: "S3",
          resource: s3?.bucket ?? "(none)",
          region: () => s3?.client.config.region() ?? region(),
        });
      },
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
    const blobs = await mapLimit(Object.entries(newVersions), this.io.concurrency, async ([channel, version]) => {
      const base = { pk, sk: blobSk(ns, channel, version), channel, version: String(version), ...ttl };
      if (!hasValue(values, channel)) return { ...base, type: EMPTY };
      const [type, bytes] = await this.serde.dumpsTyped(values[channel]);
      return this.codec.encodeItem(threadId, { ...base, type }, { value: bytes }, `channel "${channel}" value`);
    });
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
  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath = ""): Promise<void> {
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
    return item ? this.toTuple(item, { refreshTtl: true }) : undefined;
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

  /** @internal Build a tuple from a full checkpoint item. */
  async toTuple(item: Item, options: { metadata?: CheckpointMetadata; refreshTtl?: boolean } = {}) {
    const threadId = String(item.thread_id);
    const ns = String(item.checkpoint_ns ?? "");
    const checkpointId = String(item.checkpoint_id);
    const parentId = typeof item.parent_checkpoint_id === "string" ? item.parent_checkpoint_id : undefined;
    const [stored, metadata, pendingWrites] = await Promise.all([
      this.loadPayload(item, "checkpoint", "checkpoint_type") as Promise<Omit<Checkpoint, "channel_values">>,
      options.metadata ?? this.decodeMetadata(item),
      this.loadWriteItems(threadId, ns, checkpointId).then((writes) => this.decodeWrites(writes)),
    ]);
    const channelValues = await this.loadChannelValues(
      threadId,
      ns,
      stored.channel_versions ?? {},
      options.refreshTtl ?? false,
    );
    const checkpoint: Checkpoint = { ...stored, channel_values: channelValues };
    if (checkpoint.v < 4 && parentId !== undefined) {
      await this.migratePendingSends(checkpoint, threadId, ns, parentId);
    }
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } },
      checkpoint,
      metadata,
      pendingWrites,
    };
    if (parentId !== undefined) {
      tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: parentId } };
    }
    return tuple;
  }

  /** @internal */
  decodeMetadata(item: Item): Promise<CheckpointMetadata> {
    return this.loadPayload(item, "metadata", "metadata_type") as Promise<CheckpointMetadata>;
  }

  private async loadPayload(item: Item, field: string, typeAttr: string): Promise<unknown> {
    const bytes = await this.codec.decode(item, field);
    return this.serde.loadsTyped(String(item[typeAttr]), bytes ?? new Uint8Array());
  }

  /** Pending writes of one checkpoint in `writesSortKey` order (task_path, task_id, idx). */
  private async loadWriteItems(threadId: string, ns: string, checkpointId: string): Promise<Item[]> {
    const items: Item[] = [];
    for await (const item of queryItems(this.io, {
      KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
      ExpressionAttributeNames: { "#pk": KEY.pk, "#sk": KEY.sk },
      ExpressionAttributeValues: { ":pk": threadPk(threadId), ":prefix": writesPrefix(ns, checkpointId) },
      ConsistentRead: this.consistentRead,
    })) {
      items.push(item);
    }
    const sortKey = (w: Item) => writesSortKey(String(w.task_path ?? ""), String(w.task_id), Number(w.idx));
    return items.sort((a, b) => compareWritesSortKeys(sortKey(a), sortKey(b)));
  }

  private decodeWrites(items: Item[]): Promise<CheckpointPendingWrite[]> {
    return mapLimit(items, this.io.concurrency, async (w) => [
      String(w.task_id),
      String(w.channel),
      await this.loadPayload(w, "value", "type"),
    ]);
  }

  private async loadChannelValues(
    threadId: string,
    ns: string,
    versions: ChannelVersions,
    refreshTtl: boolean,
  ): Promise<Record<string, unknown>> {
    const channels = Object.entries(versions);
    const keys = channels.map(([channel, version]) => ({ pk: threadPk(threadId), sk: blobSk(ns, channel, version) }));
    const found = await batchGet(this.io, keys, { consistentRead: this.consistentRead });
    const loaded = await mapLimit(channels, this.io.concurrency, async ([channel], i) => {
      const item = found.get(keyId(keys[i] as { pk: string; sk: string }));
      if (!item || item.type === EMPTY) return undefined;
      return [channel, await this.loadPayload(item, "value", "type")] as const;
    });
    if (refreshTtl) await this.refreshExpiringBlobs([...found.values()]);
    return Object.fromEntries(loaded.filter((entry) => entry !== undefined));
  }

  /**
   * A blob is shared by every later checkpoint until its channel changes, so it can be older than
   * the checkpoint that references it. When a thread is loaded, push out the expiry of blobs that
   * are past half their lifetime so a long-lived thread doesn't lose values it still uses.
   * Best effort: a read-only caller (e.g. a dashboard role) must still be able to read.
   */
  private async refreshExpiringBlobs(blobs: Item[]): Promise<void> {
    if (this.ttlSeconds <= 0) return;
    const now = Math.floor(Date.now() / 1000);
    const stale = blobs.filter((b) => typeof b.ttl === "number" && b.ttl < now + this.ttlSeconds / 2);
    await mapLimit(stale, this.io.concurrency, async (blob) => {
      try {
        await this.io.doc.send(
          new UpdateCommand({
            TableName: this.tableName,
            Key: { pk: blob[KEY.pk], sk: blob[KEY.sk] },
            UpdateExpression: "SET #ttl = :ttl",
            ConditionExpression: "attribute_exists(#pk)",
            ExpressionAttributeNames: { "#ttl": "ttl", "#pk": KEY.pk },
            ExpressionAttributeValues: { ":ttl": now + this.ttlSeconds },
          }),
        );
      } catch {
        // ignored: see above
      }
    });
  }

  /** Checkpoints before format v4 kept pending sends as TASKS writes on the parent checkpoint. */
  private async migratePendingSends(checkpoint: Checkpoint, threadId: string, ns: string, parentId: string) {
    const parentWrites = await this.loadWriteItems(threadId, ns, parentId);
    const sends = await this.decodeWrites(parentWrites.filter((w) => w.channel === TASKS));
    checkpoint.channel_values[TASKS] = sends.map(([, , value]) => value);
    const versions = Object.values(checkpoint.channel_versions);
    checkpoint.channel_versions[TASKS] =
      versions.length > 0 ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
  }

  private ttl(): { ttl?: number } {
    return this.ttlSeconds > 0 ? { ttl: Math.floor(Date.now() / 1000) + this.ttlSeconds } : {};
  }
}
