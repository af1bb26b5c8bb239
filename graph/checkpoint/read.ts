/**
 * Read side of DynamoDBSaver: turns a checkpoint item into a CheckpointTuple by loading its channel
 * values (one blob per channel version) and its pending writes, in LangGraph's order.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  compareWritesSortKeys,
  maxChannelVersion,
  type SerializerProtocol,
  TASKS,
  writesSortKey,
} from "@langchain/langgraph-checkpoint";

type ChannelVersion = ChannelVersions[string];

import { batchGet, type DynamoIo, type Item, mapLimit, queryItems } from "./dynamo.js";
import { blobSk, KEY, keyId, threadPk, writesPrefix } from "./keys.js";
import type { PayloadCodec } from "./serialization/offload.js";

/** `type` of a blob item for a channel that was in newVersions but had no value (deleted/empty). */
export const EMPTY_BLOB_TYPE = "empty";

export interface TupleReaderDeps {
  io: DynamoIo;
  codec: PayloadCodec;
  serde: SerializerProtocol;
  consistentRead: boolean;
  ttlSeconds: number;
  /** The saver's first channel version (`getNextVersion(undefined)`), for the pending-sends migration. */
  initialVersion: () => ChannelVersion;
}

export class TupleReader {
  private readonly io: DynamoIo;
  private readonly codec: PayloadCodec;
  private readonly serde: SerializerProtocol;
  private readonly consistentRead: boolean;
  private readonly ttlSeconds: number;
  private readonly initialVersion: () => ChannelVersion;

  constructor(deps: TupleReaderDeps) {
    this.io = deps.io;
    this.codec = deps.codec;
    this.serde = deps.serde;
    this.consistentRead = deps.consistentRead;
    this.ttlSeconds = deps.ttlSeconds;
    this.initialVersion = deps.initialVersion;
  }

  /** Build a tuple from a full checkpoint item. */
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
      tuple.parentConfig = {
        configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: parentId },
      };
    }
    return tuple;
  }

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
    const keys = channels.map(([channel, version]) => ({
      pk: threadPk(threadId),
      sk: blobSk(ns, channel, version),
    }));
    const found = await batchGet(this.io, keys, { consistentRead: this.consistentRead });
    const loaded = await mapLimit(channels, this.io.concurrency, async ([channel], i) => {
      const item = found.get(keyId(keys[i] as { pk: string; sk: string }));
      if (!item || item.type === EMPTY_BLOB_TYPE) return undefined;
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
            TableName: this.io.tableName,
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
      versions.length > 0 ? maxChannelVersion(...versions) : this.initialVersion();
  }
}
