/**
 * `list()` for DynamoDBSaver. With a thread and a namespace it streams one Query newest-first and
 * stops as soon as `limit` is met. Otherwise (all namespaces of a thread, or every thread) it reads
 * lightweight headers first (keys, ids, metadata), orders them by checkpoint_id descending, applies
 * before/filter/limit, and only then fetches the selected checkpoints in batches. Listing every
 * thread is a table Scan: fine for tools and tests, not for a request path.
 */
import { isDeepStrictEqual } from "node:util";
import type { RunnableConfig } from "@langchain/core/runnables";
import type {
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointTuple,
} from "@langchain/langgraph-checkpoint";
import { BATCH_GET_LIMIT, batchGet, chunk, type Item, queryItems, scanItems } from "./dynamo.js";
import { CHECKPOINT_PREFIX, checkpointPrefix, checkpointSk, KEY, keyId, threadPk } from "./keys.js";
import type { DynamoDBSaver } from "./saver.js";
import { encAttr, s3Attr } from "./serialization/offload.js";

const HEADER_ATTRS = [
  KEY.pk,
  KEY.sk,
  "thread_id",
  "checkpoint_ns",
  "checkpoint_id",
  "metadata",
  "metadata_type",
  s3Attr("metadata"),
  encAttr("metadata"),
];

/**
 * Top-level metadata keys must equal the filter's values. Objects compare structurally (MemorySaver
 * uses `===`, which makes object filters never match; Postgres uses JSON containment).
 */
function matchesFilter(metadata: CheckpointMetadata, filter: Record<string, unknown>): boolean {
  const record = metadata as Record<string, unknown>;
  return Object.entries(filter).every(([key, value]) => isDeepStrictEqual(record[key], value));
}

const names = (attrs: readonly string[]) => Object.fromEntries(attrs.map((name, i) => [`#h${i}`, name]));
const projection = (attrs: readonly string[]) => attrs.map((_, i) => `#h${i}`).join(", ");

export async function* listCheckpoints(
  saver: DynamoDBSaver,
  config: RunnableConfig,
  options: CheckpointListOptions,
): AsyncGenerator<CheckpointTuple> {
  const { limit, filter } = options;
  if (limit !== undefined && limit <= 0) return;
  const threadId: string | undefined = config.configurable?.thread_id;
  const ns: string | undefined = config.configurable?.checkpoint_ns;
  const onlyId: string | undefined = config.configurable?.checkpoint_id || undefined;
  const beforeId: string | undefined = options.before?.configurable?.checkpoint_id || undefined;
  const activeFilter = filter && Object.keys(filter).length > 0 ? filter : undefined;
  const io = saver.io;
  let remaining = limit ?? Number.POSITIVE_INFINITY;

  if (threadId !== undefined && ns !== undefined) {
    const prefix = checkpointPrefix(ns);
    let condition = "#pk = :pk AND begins_with(#sk, :lo)";
    const values: Record<string, string> = { ":pk": threadPk(threadId), ":lo": prefix };
    if (onlyId) {
      condition = "#pk = :pk AND #sk = :lo";
      values[":lo"] = checkpointSk(ns, onlyId);
    } else if (beforeId) {
      // BETWEEN is inclusive; the `before` checkpoint itself is skipped below.
      condition = "#pk = :pk AND #sk BETWEEN :lo AND :hi";
      values[":hi"] = checkpointSk(ns, beforeId);
    }
    for await (const item of queryItems(io, {
      KeyConditionExpression: condition,
      ExpressionAttributeNames: { "#pk": KEY.pk, "#sk": KEY.sk },
      ExpressionAttributeValues: values,
      ScanIndexForward: false,
      ConsistentRead: saver.consistentRead,
    })) {
      if (beforeId && String(item.checkpoint_id) >= beforeId) continue;
      const metadata = await saver.reader.decodeMetadata(item);
      if (activeFilter && !matchesFilter(metadata, activeFilter)) continue;
      yield await saver.reader.toTuple(item, { metadata });
      if (--remaining <= 0) return;
    }
    return;
  }

  const prefix = ns !== undefined ? checkpointPrefix(ns) : CHECKPOINT_PREFIX;
  const headerSource =
    threadId !== undefined
      ? queryItems(io, {
          KeyConditionExpression: "#pk = :pk AND begins_with(#sk, :prefix)",
          ProjectionExpression: projection(HEADER_ATTRS),
          ExpressionAttributeNames: { ...names(HEADER_ATTRS), "#pk": KEY.pk, "#sk": KEY.sk },
          ExpressionAttributeValues: { ":pk": threadPk(threadId), ":prefix": prefix },
          ConsistentRead: saver.consistentRead,
        })
      : scanItems(io, {
          FilterExpression: "begins_with(#sk, :prefix)",
          ProjectionExpression: projection(HEADER_ATTRS),
          ExpressionAttributeNames: { ...names(HEADER_ATTRS), "#sk": KEY.sk },
          ExpressionAttributeValues: { ":prefix": prefix },
          ConsistentRead: saver.consistentRead,
        });

  const headers: { item: Item; metadata?: CheckpointMetadata }[] = [];
  for await (const item of headerSource) {
    const id = String(item.checkpoint_id);
    if (ns !== undefined && item.checkpoint_ns !== ns) continue;
    if (onlyId && id !== onlyId) continue;
    if (beforeId && id >= beforeId) continue;
    if (activeFilter) {
      const metadata = await saver.reader.decodeMetadata(item);
      if (!matchesFilter(metadata, activeFilter)) continue;
      headers.push({ item, metadata });
    } else {
      headers.push({ item });
    }
  }
  const cmp = (a: unknown, b: unknown) => (String(a) < String(b) ? 1 : String(a) > String(b) ? -1 : 0);
  headers.sort(
    (a, b) =>
      cmp(a.item.checkpoint_id, b.item.checkpoint_id) ||
      cmp(a.item.thread_id, b.item.thread_id) ||
      cmp(a.item.checkpoint_ns, b.item.checkpoint_ns),
  );
  const selected = headers.slice(0, Math.min(headers.length, remaining));
  for (const batch of chunk(selected, BATCH_GET_LIMIT)) {
    const keys = batch.map(({ item }) => ({ pk: String(item[KEY.pk]), sk: String(item[KEY.sk]) }));
    const full = await batchGet(io, keys, { consistentRead: saver.consistentRead });
    for (const [i, header] of batch.entries()) {
      const item = full.get(keyId(keys[i] as { pk: string; sk: string }));
      if (!item) continue; // deleted since the header pass
      yield await saver.reader.toTuple(item, header.metadata ? { metadata: header.metadata } : {});
    }
  }
}
