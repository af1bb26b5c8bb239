/**
 * All runbook sources merged into one library. Later sources win on duplicate ids, so an organisation can
 * override a built-in runbook by reusing its id. `reload()` re-reads only what changed; `startPolling()`
 * does it on a timer. Listeners hear about every change (the retriever updates its index from them).
 */
import type { RunbookProblem } from "./front-matter.js";
import { lintRunbook } from "./lint.js";
import type { Runbook } from "./schema.js";
import { diffById, type RunbookSourceLoader } from "./sources/versioned.js";

export interface LibraryChanges {
  added: Runbook[];
  updated: Runbook[];
  removed: string[];
  problems: RunbookProblem[];
}

export type LibraryListener = (changes: LibraryChanges) => void;

export interface PollingOptions {
  intervalMs: number;
  /** Called when a reload fails (e.g. S3 unreachable); the last good library stays in use. */
  onError?: (error: Error) => void;
}

export class RunbookLibrary {
  private merged = new Map<string, Runbook>();
  private listeners = new Set<LibraryListener>();
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<LibraryChanges> | undefined;
  /** Problems found by the last reload, for `air runbooks lint`-style reporting. */
  problems: RunbookProblem[] = [];

  constructor(readonly sources: readonly RunbookSourceLoader[]) {}

  /** Current runbooks, in source order. */
  runbooks(): Runbook[] {
    return [...this.merged.values()];
  }

  get(id: string): Runbook | undefined {
    return this.merged.get(id);
  }

  get size(): number {
    return this.merged.size;
  }

  /** Subscribe to changes; returns the unsubscribe function. */
  onChange(listener: LibraryListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Re-read every source (only changed files/objects are fetched). Concurrent calls share one run. */
  reload(): Promise<LibraryChanges> {
    this.inFlight ??= this.doReload().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doReload(): Promise<LibraryChanges> {
    const results = await Promise.all(
      this.sources.map((source) =>
        source.refresh().catch((error: unknown) => {
          const message = (error as Error).message;
          throw new Error(message.includes(source.name) ? message : `${source.name}: ${message}`, {
            cause: error,
          });
        }),
      ),
    );
    const next = new Map<string, Runbook>();
    const rejected: RunbookProblem[] = [];
    for (const source of this.sources) {
      for (const runbook of source.runbooks()) {
        // A runbook whose actions are unknown or badly parameterised is refused, not half-used.
        const errors = lintRunbook(runbook).filter((p) => p.severity === "error");
        if (errors.length > 0) {
          rejected.push(...errors.map((e) => ({ origin: e.file, field: e.field, message: e.message })));
          continue;
        }
        next.set(runbook.id, runbook);
      }
    }
    const diff = diffById(this.merged, next);
    this.merged = next;
    this.problems = [...results.flatMap((r) => r.problems), ...rejected];
    const changes: LibraryChanges = {
      added: diff.added.map((id) => next.get(id)!),
      updated: diff.updated.map((id) => next.get(id)!),
      removed: diff.removed,
      problems: this.problems,
    };
    if (changes.added.length + changes.updated.length + changes.removed.length > 0) {
      for (const listener of this.listeners) listener(changes);
    }
    return changes;
  }

  /** Reload every `intervalMs` until `stopPolling()`. The timer does not keep the process alive. */
  startPolling(options: PollingOptions): void {
    this.stopPolling();
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) => options.onError?.(error as Error));
    }, options.intervalMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
