/** Runbooks held in memory (generated corpora, tests). `set()` replaces them; the next refresh reports the diff. */
import type { Runbook } from "../schema.js";
import { diffById, type RunbookSourceLoader, type SourceChanges } from "./versioned.js";

export class StaticSource implements RunbookSourceLoader {
  private current: Runbook[] = [];
  private pending: Runbook[];

  constructor(
    readonly name: string,
    runbooks: Runbook[],
  ) {
    this.pending = runbooks;
  }

  /** Replace the runbooks; takes effect on the next refresh. */
  set(runbooks: Runbook[]): void {
    this.pending = runbooks;
  }

  runbooks(): Runbook[] {
    return this.current;
  }

  async refresh(): Promise<SourceChanges> {
    const before = new Map(this.current.map((r) => [r.id, r]));
    const after = new Map(this.pending.map((r) => [r.id, r]));
    this.current = [...after.values()];
    return { ...diffById(before, after), problems: [], read: 0 };
  }
}
