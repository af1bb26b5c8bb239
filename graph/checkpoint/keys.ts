/**
 * Single-table key layout. Every item of a thread lives under one partition, so a thread can be
 * read with Query and deleted without a Scan:
 *
 *   pk = THREAD#<thread_id>
 *   sk = CP#<ns>#<checkpoint_id>                    checkpoint (+ metadata)
 *        BLOB#<ns>#<channel>#<version>              one channel value, written once per version
 *        WRITE#<ns>#<checkpoint_id>#<task_id>#<idx> one pending write
 *
 * Variable parts are escaped so `#` only ever appears as a separator; that keeps prefix queries
 * exact (namespace "a" never matches "a#b") and makes sk order within a namespace equal to
 * checkpoint_id order.
 */

export const KEY = { pk: "pk", sk: "sk" } as const;

const CHECKPOINT = "CP#";
const BLOB = "BLOB#";
const WRITE = "WRITE#";

/** Escape `%` and `#` (in that order) so the result never contains `#`. */
export function encodeKeyPart(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("#", "%23");
}

export function threadPk(threadId: string): string {
  return `THREAD#${threadId}`;
}

/** Prefix shared by every checkpoint of a thread, in any namespace. */
export const CHECKPOINT_PREFIX = CHECKPOINT;

export function checkpointPrefix(checkpointNs: string): string {
  return `${CHECKPOINT}${encodeKeyPart(checkpointNs)}#`;
}

export function checkpointSk(checkpointNs: string, checkpointId: string): string {
  return `${checkpointPrefix(checkpointNs)}${encodeKeyPart(checkpointId)}`;
}

export function blobSk(checkpointNs: string, channel: string, version: string | number): string {
  return `${BLOB}${encodeKeyPart(checkpointNs)}#${encodeKeyPart(channel)}#${encodeKeyPart(String(version))}`;
}

export function writesPrefix(checkpointNs: string, checkpointId: string): string {
  return `${WRITE}${encodeKeyPart(checkpointNs)}#${encodeKeyPart(checkpointId)}#`;
}

export function writeSk(checkpointNs: string, checkpointId: string, taskId: string, idx: number): string {
  return `${writesPrefix(checkpointNs, checkpointId)}${encodeKeyPart(taskId)}#${idx}`;
}

export interface ItemKey {
  pk: string;
  sk: string;
}

export function keyId(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}
