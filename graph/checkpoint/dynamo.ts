/**
 * Paginated and retrying DynamoDB primitives: Query/Scan follow LastEvaluatedKey to the end (a page is
 * at most 1 MB, so a single call silently truncates), and batch calls are chunked to the service
 * limits (25 writes, 100 reads) with unprocessed items retried under exponential backoff.
 */
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { type ItemKey, KEY, keyId } from "./keys.js";

export type Item = Record<string, unknown>;
export type WriteRequest = { PutRequest: { Item: Item } } | { DeleteRequest: { Key: ItemKey } };

export const BATCH_WRITE_LIMIT = 25;
export const BATCH_GET_LIMIT = 100;

export interface DynamoIo {
  doc: DynamoDBDocumentClient;
  tableName: string;
  /** `Limit` for each Query/Scan page; undefined lets DynamoDB fill 1 MB pages. */
  pageSize?: number;
  /** Retries for unprocessed batch items before giving up. */
  maxBatchRetries: number;
  /** Base delay for the exponential backoff, in ms. */
  retryBaseMs: number;
  /** Concurrent batch requests per operation. */
  concurrency: number;
  /** Rewrites SDK errors into actionable ones (see errors.ts); always throws. */
  fail(err: unknown): Promise<never>;
}

/** Await an SDK call, routing failures through `io.fail` for actionable messages. */
export async function guarded<T>(io: Pick<DynamoIo, "fail">, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    return io.fail(err);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** "Full jitter" backoff: uniform in [0, min(cap, base * 2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, capMs = 5_000): number {
  return Math.random() * Math.min(capMs, baseMs * 2 ** attempt);
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Run `fn` over `items` with at most `limit` in flight; results keep input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Every item matching a Query, fetched page by page as the caller consumes them. */
export async function* queryItems(
  io: DynamoIo,
  input: Omit<QueryCommandInput, "TableName" | "ExclusiveStartKey">,
): AsyncGenerator<Item> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guarded(io, () =>
      io.doc.send(
        new QueryCommand({
          ...input,
          TableName: io.tableName,
          ...(io.pageSize !== undefined && input.Limit === undefined ? { Limit: io.pageSize } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

/** Every item matching a Scan, fetched page by page. */
export async function* scanItems(
  io: DynamoIo,
  input: Omit<ScanCommandInput, "TableName" | "ExclusiveStartKey">,
): AsyncGenerator<Item> {
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await guarded(io, () =>
      io.doc.send(
        new ScanCommand({
          ...input,
          TableName: io.tableName,
          ...(io.pageSize !== undefined ? { Limit: io.pageSize } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      ),
    );
    for (const item of page.Items ?? []) yield item;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
}

function requestKey(req: WriteRequest): string {
  const key = "PutRequest" in req ? req.PutRequest.Item : req.DeleteRequest.Key;
  return keyId({ pk: String(key[KEY.pk]), sk: String(key[KEY.sk]) });
}

/**
 * BatchWriteItem over any number of requests. A batch may not name the same key twice, so later
 * requests for a key replace earlier ones (last write wins, as sequential puts would).
 */
export async function batchWrite(io: DynamoIo, requests: readonly WriteRequest[]): Promise<void> {
  const byKey = new Map<string, WriteRequest>();
  for (const req of requests) {
    const id = requestKey(req);
    byKey.delete(id);
    byKey.set(id, req);
  }
  await mapLimit(chunk([...byKey.values()], BATCH_WRITE_LIMIT), io.concurrency, async (batch) => {
    let pending: WriteRequest[] = batch;
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > io.maxBatchRetries) {
          throw new Error(
            `BatchWriteItem on ${io.tableName} still had ${pending.length} unprocessed items after ` +
              `${io.maxBatchRetries} retries (table throttled?)`,
          );
        }
        await sleep(backoffDelay(attempt, io.retryBaseMs));
      }
      const res = await guarded(io, () =>
        io.doc.send(new BatchWriteCommand({ RequestItems: { [io.tableName]: pending } })),
      );
      pending = (res.UnprocessedItems?.[io.tableName] ?? []) as WriteRequest[];
    }
  });
}

/**
 * BatchGetItem over any number of keys; returns found items by `keyId`. Missing keys are simply
 * absent from the map.
 */
export async function batchGet(
  io: DynamoIo,
  keys: readonly ItemKey[],
  options: { consistentRead: boolean; projection?: readonly string[] },
): Promise<Map<string, Item>> {
  const unique = new Map<string, ItemKey>();
  for (const key of keys) unique.set(keyId(key), { pk: key.pk, sk: key.sk });
  const found = new Map<string, Item>();
  // Keys are always projected: results are matched back to requests by them.
  const names = options.projection ? [...new Set([KEY.pk, KEY.sk, ...options.projection])] : undefined;
  const projection = names
    ? {
        ProjectionExpression: names.map((_, i) => `#p${i}`).join(", "),
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#p${i}`, name])),
      }
    : {};
  await mapLimit(chunk([...unique.values()], BATCH_GET_LIMIT), io.concurrency, async (batch) => {
    let pending: Record<string, unknown>[] = batch.map((k) => ({ [KEY.pk]: k.pk, [KEY.sk]: k.sk }));
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        if (attempt > io.maxBatchRetries) {
          throw new Error(
            `BatchGetItem on ${io.tableName} still had ${pending.length} unprocessed keys after ` +
              `${io.maxBatchRetries} retries (table throttled?)`,
          );
        }
        await sleep(backoffDelay(attempt, io.retryBaseMs));
      }
      const res = await guarded(io, () =>
        io.doc.send(
          new BatchGetCommand({
            RequestItems: {
              [io.tableName]: { Keys: pending, ConsistentRead: options.consistentRead, ...projection },
            },
          }),
        ),
      );
      for (const item of res.Responses?.[io.tableName] ?? []) {
        found.set(keyId({ pk: String(item[KEY.pk]), sk: String(item[KEY.sk]) }), item);
      }
      pending = res.UnprocessedKeys?.[io.tableName]?.Keys ?? [];
    }
  });
  return found;
}
