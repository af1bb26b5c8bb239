/**
 * What the console reads and does, whichever store is behind it (the local `.air/` store, or the deployed
 * stack's tables with `--aws`). The pages and routes depend on this interface only.
 */
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { AuditRecord, MetricSeries } from "../../tools/domain/index.js";
import type { HumanChoice } from "../approvals/sign-decision.js";
import type { IncidentSummary } from "./view.js";

export interface IncidentRecord {
  state: IncidentStateValue;
  /** The approval request the thread waits on, if any. */
  pending?: HumanInterrupt;
}

export type DecisionResult =
  | { ok: true; summary: IncidentSummary }
  | { ok: false; status: 403 | 404 | 409; reason: string };

export interface ConsoleStore {
  /** Where the data comes from, for the page footer (e.g. `.air/ (local)`). */
  readonly where: string;
  /** The identity decisions are signed as: the one this process can verify (OS user, or IAM principal). */
  identity(): Promise<string>;
  list(): Promise<IncidentSummary[]>;
  get(incidentId: string): Promise<IncidentRecord | undefined>;
  audit(incidentId: string): Promise<AuditRecord[]>;
  /** The alarm's metric around the incident, when the store can read it. */
  metric(incidentId: string): Promise<MetricSeries | undefined>;
  /** The post-incident report (markdown), when one was written. */
  report(incidentId: string): Promise<string | undefined>;
  /** Resumes the run with a signed decision through the same path as every other approval route. */
  decide(
    incidentId: string,
    choice: HumanChoice,
    onTimeline?: (entry: TimelineEntry) => void,
  ): Promise<DecisionResult>;
  close(): Promise<void>;
}
