/**
 * The console over the local store `air run --defer` writes (`.air/` by default): the run index
 * (`runs.json`), the checkpoints (dynalite under `dynamodb/`), the audit chain (`audit/`), the metric
 * snapshots (`metrics/`) and the reports. The console holds the checkpoint store open while it runs (LevelDB
 * allows one process), and decides through the same signed resume the CLI's `air approve` uses.
 */
import { readFile } from "node:fs/promises";
import { Command } from "@langchain/langgraph";
import { createRetriever } from "../../knowledge/retrieval/factory.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { FileAudit } from "../../tools/local/file-audit.js";
import { osUserIdentity, signedResume } from "../approvals/sign-decision.js";
import { localApprovalKey, readSavedRuns, recordRunStep, stateDir } from "../cli/commands/saved-runs.js";
import { loadScenarioArg } from "../cli/commands/scenarios.js";
import { configFromEnv, type RuntimeConfig } from "../runtime/config.js";
import { driveIncident, pendingApproval } from "../runtime/drive.js";
import { prepareSimulatedRun } from "../runtime/local.js";
import { readMetricSnapshot } from "../runtime/metric-snapshot.js";
import { reasonerFromConfig } from "../runtime/model.js";
import { openPersistence, type Persistence } from "../runtime/persistence.js";
import { recordFromTuple } from "./pending.js";
import type { ConsoleStore, DecisionResult, IncidentRecord } from "./store.js";
import { type IncidentSummary, summarise } from "./view.js";

/** The state directory is `stateDir()` (`AIR_STATE_DIR`, default `.air`), the one `air run --defer` writes. */
export interface LocalStoreOptions {
  /** Where reports go when the console resumes a run (default: the runtime config's reports dir). */
  reportsDir?: string;
  config?: RuntimeConfig;
}

export class LocalConsoleStore implements ConsoleStore {
  readonly where: string;
  private readonly cache = new Map<string, { record: IncidentRecord; summary: IncidentSummary }>();
  private retriever?: RunbookRetriever;
  /** One decision at a time: a resume holds the thread until it pauses or ends. */
  private deciding = Promise.resolve() as Promise<unknown>;

  private constructor(
    private readonly options: LocalStoreOptions & { config: RuntimeConfig },
    private readonly persistence: Persistence,
  ) {
    this.where = `${stateDir()}/ (local store, checkpoints in ${persistence.where})`;
  }

  static async open(options: LocalStoreOptions): Promise<LocalConsoleStore> {
    const config = options.config ?? configFromEnv();
    const persistence = await openPersistence(config, stateDir());
    return new LocalConsoleStore({ ...options, config }, persistence);
  }

  async identity() {
    return osUserIdentity();
  }

  private async read(incidentId: string): Promise<IncidentRecord | undefined> {
    return recordFromTuple(
      await this.persistence.saver.getTuple({ configurable: { thread_id: incidentId, checkpoint_ns: "" } }),
    );
  }

  private async cached(incidentId: string) {
    const hit = this.cache.get(incidentId);
    if (hit) return hit;
    const record = await this.read(incidentId);
    if (!record) return undefined;
    const entry = { record, summary: summarise(record.state, record.pending) };
    this.cache.set(incidentId, entry);
    return entry;
  }

  async list(): Promise<IncidentSummary[]> {
    const runs = await readSavedRuns();
    const rows: IncidentSummary[] = [];
    // The index carries each run's summary; only runs saved without one (older stores) read a checkpoint.
    const unsummarised: string[] = [];
    for (const [id, run] of Object.entries(runs)) {
      const summary = this.cache.get(id)?.summary ?? run.summary;
      if (summary) rows.push(summary);
      else unsummarised.push(id);
    }
    // Small batches: dynalite serves one process, and a thousand parallel queries only queue up.
    for (let i = 0; i < unsummarised.length; i += 32) {
      const batch = await Promise.all(unsummarised.slice(i, i + 32).map((id) => this.cached(id)));
      for (const entry of batch) if (entry) rows.push(entry.summary);
    }
    return rows.sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.id.localeCompare(b.id));
  }

  async get(incidentId: string) {
    return (await this.cached(incidentId))?.record;
  }

  audit(incidentId: string) {
    return new FileAudit(`${stateDir()}/audit`).list(incidentId);
  }

  metric(incidentId: string) {
    return readMetricSnapshot(stateDir(), incidentId);
  }

  async report(incidentId: string) {
    const location = (await this.get(incidentId))?.state.reportLocation;
    if (!location) return undefined;
    try {
      return await readFile(location, "utf8");
    } catch {
      return undefined;
    }
  }

  decide(...args: Parameters<ConsoleStore["decide"]>): Promise<DecisionResult> {
    const next = this.deciding.then(() => this.decideNow(...args));
    this.deciding = next.catch(() => undefined);
    return next;
  }

  private async decideNow(...[incidentId, choice, onTimeline]: Parameters<ConsoleStore["decide"]>) {
    const saved = (await readSavedRuns())[incidentId];
    if (!saved) return { ok: false, status: 404, reason: `no incident ${incidentId} in this store` } as const;
    const approvalKey = await localApprovalKey();
    this.retriever ??= await createRetriever();
    const run = prepareSimulatedRun(await loadScenarioArg(saved.scenarioPath), {
      approvalKey,
      retriever: this.retriever,
      checkpointer: this.persistence.saver,
      reportsDir: this.options.reportsDir ?? this.options.config.reportsDir,
      replayMinutes: saved.minute,
      auditDir: `${stateDir()}/audit`,
      reasoner: reasonerFromConfig(this.options.config),
    });
    const pending = await pendingApproval(run.graph, incidentId);
    if (!pending)
      return {
        ok: false,
        status: 409,
        reason: `incident ${incidentId} is not waiting for a decision`,
      } as const;
    const resume = signedResume(approvalKey, pending, choice, await this.identity(), run.sandbox.clock.now());
    this.cache.delete(incidentId);
    const result = await driveIncident(run.graph, incidentId, new Command({ resume }), {
      ...(onTimeline ? { onTimeline } : {}),
    });
    this.cache.delete(incidentId);
    await recordRunStep(incidentId, saved, run, result);
    const after = await this.cached(incidentId);
    if (!after) return { ok: false, status: 404, reason: `incident ${incidentId} vanished` } as const;
    return { ok: true, summary: after.summary } as const;
  }

  close() {
    return this.persistence.close();
  }
}
