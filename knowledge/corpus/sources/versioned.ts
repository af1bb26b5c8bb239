/**
 * Shared reload logic for runbook sources: list entries with a version (mtime, ETag), re-read only the
 * entries whose version changed, and keep the last good runbook when an edit breaks a file.
 */
import { RunbookParseError, type RunbookProblem } from "../front-matter.js";
import type { Runbook } from "../schema.js";

/** One readable entry in a source: a file path or an object key, with its version. */
export interface SourceEntry {
  key: string;
  version: string;
}

/** What one refresh changed, by runbook id. */
export interface SourceChanges {
  added: string[];
  updated: string[];
  removed: string[];
  /** Files that could not be used; a broken edit keeps the previous good version of that runbook. */
  problems: RunbookProblem[];
  /** How many entries were (re-)read this time. */
  read: number;
}

/** A place runbooks come from. The first `refresh()` reads everything; later ones only what changed. */
export interface RunbookSourceLoader {
  /** Human description, e.g. `folder knowledge/runbooks` or `s3://bucket/prefix/`. */
  readonly name: string;
  refresh(): Promise<SourceChanges>;
  /** The runbooks as of the last refresh, in key order. */
  runbooks(): Runbook[];
}

interface CachedEntry {
  version: string;
  runbooks: Runbook[];
}

export abstract class VersionedSource implements RunbookSourceLoader {
  abstract readonly name: string;
  private cache = new Map<string, CachedEntry>();
  private current: Runbook[] = [];
  private lastProblems = new Map<string, RunbookProblem[]>();

  /** Every entry with its current version. */
  protected abstract list(): Promise<SourceEntry[]>;
  /** The text of one entry. */
  protected abstract read(key: string): Promise<string>;
  /** Parses one entry's text into runbooks (usually exactly one). Throw `RunbookParseError` on bad input. */
  protected abstract parse(text: string, key: string): Runbook[];

  runbooks(): Runbook[] {
    return this.current;
  }

  async refresh(): Promise<SourceChanges> {
    const entries = (await this.list()).sort((a, b) => a.key.localeCompare(b.key));
    const before = new Map(this.current.map((r) => [r.id, r]));
    const seen = new Set<string>();
    let read = 0;
    for (const entry of entries) {
      seen.add(entry.key);
      const cached = this.cache.get(entry.key);
      if (cached && cached.version === entry.version) continue;
      read++;
      try {
        const runbooks = this.parse(await this.read(entry.key), entry.key);
        this.cache.set(entry.key, { version: entry.version, runbooks });
        this.lastProblems.delete(entry.key);
      } catch (error) {
        const problems =
          error instanceof RunbookParseError
            ? error.problems
            : [{ origin: entry.key, message: `could not read: ${(error as Error).message}` }];
        this.lastProblems.set(entry.key, problems);
        // Keep the previous good version (if any) but remember we saw this version, so it is not re-read.
        this.cache.set(entry.key, { version: entry.version, runbooks: cached?.runbooks ?? [] });
      }
    }
    for (const key of [...this.cache.keys()]) {
      if (!seen.has(key)) {
        this.cache.delete(key);
        this.lastProblems.delete(key);
      }
    }
    const problems = [...this.lastProblems.values()].flat();
    const next = new Map<string, Runbook>();
    for (const entry of entries) {
      for (const runbook of this.cache.get(entry.key)?.runbooks ?? []) {
        const existing = next.get(runbook.id);
        if (existing) {
          problems.push({
            origin: runbook.origin,
            field: "id",
            message: `duplicate runbook id "${runbook.id}" (also in ${existing.origin}); this copy is ignored`,
          });
          continue;
        }
        next.set(runbook.id, runbook);
      }
    }
    this.current = [...next.values()];
    return { ...diffById(before, next), problems, read };
  }
}

/** Ids added, replaced (a different object) and removed between two id → runbook maps. */
export function diffById(
  before: ReadonlyMap<string, Runbook>,
  after: ReadonlyMap<string, Runbook>,
): Pick<SourceChanges, "added" | "updated" | "removed"> {
  const added: string[] = [];
  const updated: string[] = [];
  const removed: string[] = [];
  for (const [id, runbook] of after) {
    const old = before.get(id);
    if (!old) added.push(id);
    else if (old !== runbook) updated.push(id);
  }
  for (const id of before.keys()) if (!after.has(id)) removed.push(id);
  return { added, updated, removed };
}
