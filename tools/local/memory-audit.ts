import type { AuditEntryInput, AuditRecord } from "../domain/index.js";
import type { AuditPort } from "../ports.js";
import { chainRecord } from "./hash-chain.js";

/** Hash-chained audit trail in memory, one chain per incident (local runs and tests). */
export class MemoryAudit implements AuditPort {
  private readonly chains = new Map<string, AuditRecord[]>();

  async append(entry: AuditEntryInput): Promise<AuditRecord> {
    const chain = this.chains.get(entry.incidentId) ?? [];
    const done = entry.key ? chain.find((r) => r.key === entry.key) : undefined;
    if (done) return done;
    const record = chainRecord(entry, chain.at(-1));
    chain.push(record);
    this.chains.set(entry.incidentId, chain);
    return record;
  }

  async list(incidentId: string): Promise<AuditRecord[]> {
    return [...(this.chains.get(incidentId) ?? [])];
  }
}
