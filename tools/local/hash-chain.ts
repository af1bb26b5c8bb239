import { createHash } from "node:crypto";
import { type AuditEntryInput, AuditEntrySchema, type AuditRecord } from "../domain/index.js";

export const GENESIS_HASH = "0".repeat(64);

/** Chains one entry to the previous record: any later edit of an earlier record breaks every hash after it. */
export function chainRecord(entry: AuditEntryInput, previous: AuditRecord | undefined): AuditRecord {
  const parsed = AuditEntrySchema.parse(entry);
  const seq = previous ? previous.seq + 1 : 0;
  const prevHash = previous?.hash ?? GENESIS_HASH;
  const hash = createHash("sha256")
    .update(JSON.stringify({ ...parsed, seq, prevHash }))
    .digest("hex");
  return { ...parsed, seq, prevHash, hash };
}

/** Index of the first record whose hash does not match its content or chain, or -1 when intact. */
export function firstBrokenLink(records: AuditRecord[]): number {
  let previous: AuditRecord | undefined;
  for (const [i, record] of records.entries()) {
    const { seq: _s, prevHash: _p, hash: _h, ...entry } = record;
    const expected = chainRecord(entry, previous);
    if (expected.hash !== record.hash || expected.prevHash !== record.prevHash) return i;
    previous = record;
  }
  return -1;
}
