import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { type AuditEntryInput, type AuditRecord, AuditRecordSchema } from "../domain/index.js";
import type { AuditPort } from "../ports.js";
import { chainRecord } from "./hash-chain.js";

/**
 * Hash-chained audit trail in local files, one JSON-lines file per incident, so a run resumed in another
 * process (`air approve`) continues the same chain. Appends from one process are serialised per incident;
 * two processes appending to one incident at once are not supported (the CLI never does that).
 */
export class FileAudit implements AuditPort {
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(private readonly dir: string) {}

  private file(incidentId: string) {
    return join(this.dir, `${incidentId.replace(/[^\w.-]/g, "_")}.jsonl`);
  }

  async list(incidentId: string): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await readFile(this.file(incidentId), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
      throw error;
    }
    return text
      .split("\n")
      .filter(Boolean)
      .map((line, i) => {
        const parsed = AuditRecordSchema.safeParse(JSON.parse(line));
        if (!parsed.success) throw new Error(`${this.file(incidentId)} line ${i + 1} is not an audit record`);
        return parsed.data;
      });
  }

  append(entry: AuditEntryInput): Promise<AuditRecord> {
    const previous = this.tails.get(entry.incidentId) ?? Promise.resolve();
    const next = previous.then(async () => {
      const chain = await this.list(entry.incidentId);
      const done = entry.key ? chain.find((r) => r.key === entry.key) : undefined;
      if (done) return done;
      const record = chainRecord(entry, chain.at(-1));
      await mkdir(this.dir, { recursive: true });
      await appendFile(this.file(entry.incidentId), `${JSON.stringify(record)}\n`, "utf8");
      return record;
    });
    this.tails.set(
      entry.incidentId,
      next.catch(() => undefined),
    );
    return next;
  }
}
