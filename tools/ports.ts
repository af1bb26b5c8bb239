/**
 * The interfaces the graph and agents depend on. `tools/aws/` implements them over the AWS SDK,
 * `tools/sandbox/` over the simulated account; the entry point chooses and passes them in.
 */
import type {
  ActionOutcome,
  AlarmState,
  AuditEntryInput,
  AuditRecord,
  AutomationExecution,
  AutomationRequest,
  ChangeEvent,
  DiskUsage,
  LogEvent,
  MetricSeries,
  Notification,
  ResourceDescription,
} from "./domain/index.js";

export interface MetricQuery {
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  start: Date;
  end: Date;
  /** Defaults to 60. */
  periodSeconds?: number;
  /** Defaults to Average. */
  stat?: string;
}

export interface MetricsPort {
  getSeries(query: MetricQuery): Promise<MetricSeries>;
}

export interface AlarmSummary {
  name: string;
  state: AlarmState;
  namespace: string;
  metric: string;
  dimensions: Record<string, string>;
  threshold: number;
  comparison: string;
  service?: string;
  updatedAt: string;
}

export interface AlarmsPort {
  describe(name: string): Promise<AlarmSummary | undefined>;
  list(filter?: { state?: AlarmState; service?: string }): Promise<AlarmSummary[]>;
}

export interface LogQuery {
  /** Log group name, or all groups of the service when omitted. */
  logGroup?: string;
  service?: string;
  start: Date;
  end: Date;
  /** Substring or CloudWatch filter pattern. */
  filter?: string;
  limit?: number;
}

/** A log group the responder found but may not read (e.g. outside `air:logGroupPrefixes`). */
export interface LogGap {
  logGroup: string;
  reason: string;
}

export interface LogsPort {
  query(query: LogQuery): Promise<LogEvent[]>;
  /**
   * Like `query`, and names the groups found for the service that could not be read (access denied) instead
   * of failing: the caller notes them as gaps in the evidence. Adapters that cannot be denied omit it.
   */
  queryWithGaps?(query: LogQuery): Promise<{ events: LogEvent[]; gaps: LogGap[] }>;
}

/** `queryWithGaps` where the adapter has it, else `query` with no gaps. */
export async function queryLogs(
  logs: LogsPort,
  query: LogQuery,
): Promise<{ events: LogEvent[]; gaps: LogGap[] }> {
  if (logs.queryWithGaps) return logs.queryWithGaps(query);
  return { events: await logs.query(query), gaps: [] };
}

export interface ChangesPort {
  list(query: { service?: string; since: Date; until: Date }): Promise<ChangeEvent[]>;
}

export interface ResourcesPort {
  describe(id: string): Promise<ResourceDescription | undefined>;
  listByService(service: string): Promise<ResourceDescription[]>;
  /** Services the given one calls, and their kind (internal or third-party). */
  dependencies(service: string): Promise<{ service: string; external: boolean }[]>;
}

export interface AutomationPort {
  /** Starts an execution; a repeated clientToken returns the first execution instead of a new one. */
  start(request: AutomationRequest): Promise<AutomationExecution>;
  status(executionId: string): Promise<AutomationExecution>;
}

export interface NotifierPort {
  notify(notification: Notification): Promise<void>;
}

export interface AuditPort {
  append(entry: AuditEntryInput): Promise<AuditRecord>;
  list(incidentId: string): Promise<AuditRecord[]>;
}

export interface ClockPort {
  now(): Date;
  /** Waits; on the simulated account this advances the virtual clock instead. */
  sleep(ms: number): Promise<void>;
}

/** Past results of actions, for confidence, rate limits and never-retry-a-failure. */
export interface OutcomesPort {
  record(outcome: ActionOutcome): Promise<void>;
  /** Successes and failures of an action on incidents with this signature. */
  stats(signature: string, actionId: string): Promise<{ successes: number; failures: number }>;
  /** Actions taken on a resource since a time (any incident). */
  recentOnResource(resourceId: string, since: Date): Promise<ActionOutcome[]>;
  /** Actions taken within one incident. */
  forIncident(incidentId: string): Promise<ActionOutcome[]>;
  /** The most recent outcomes on incidents with this signature, newest first. */
  forSignature(signature: string, limit: number): Promise<ActionOutcome[]>;
}

export interface ReportsPort {
  /** Stores a post-incident report; returns where it went (path or URI). */
  write(incidentId: string, markdown: string): Promise<string>;
}

/** One delayed delivery to an incident's work queue: the timer behind durable waits. */
export interface WakeupRequestInput {
  incidentId: string;
  /** Deliver no earlier than this. */
  at: Date;
  /** The work command to deliver, as the queue's message body. */
  message: string;
}

/**
 * Schedules wake-ups. In AWS an EventBridge Scheduler one-time schedule sends the message to the FIFO work
 * queue (`tools/aws/wakeups.ts`); locally a queue on the (virtual) clock delivers it. Scheduling the same
 * incident and time again is a no-op, so a retried invocation never wakes the incident twice.
 */
export interface WakeupPort {
  schedule(wakeup: WakeupRequestInput): Promise<void>;
}

/** A planned event in progress on a change calendar: load test, maintenance, game day. */
export interface CalendarEvent {
  /** Calendar name (an SSM Change Calendar document in AWS). */
  calendar: string;
  summary?: string;
  /** When the calendar changes state again, when known. */
  until?: string;
}

/**
 * Change calendars that list planned activity. While a calendar covering a service is CLOSED (an event is in
 * progress), alarms caused by that activity are expected. AWS: SSM Change Calendar `GetCalendarState`.
 */
export interface ChangeCalendarPort {
  activeEvents(service: string, at: Date): Promise<CalendarEvent[]>;
}

/**
 * Read-only looks inside a resource that no metric shows (e.g. what fills a disk). Answers undefined when it
 * cannot look (no agent, no permission): the caller then has no evidence either way.
 */
export interface DiagnosticsPort {
  diskUsage(instanceId: string): Promise<DiskUsage | undefined>;
}

/** Everything the incident graph needs from the outside world. */
export interface Ports {
  metrics: MetricsPort;
  alarms: AlarmsPort;
  logs: LogsPort;
  changes: ChangesPort;
  resources: ResourcesPort;
  automation: AutomationPort;
  notifier: NotifierPort;
  audit: AuditPort;
  clock: ClockPort;
  outcomes: OutcomesPort;
  reports: ReportsPort;
  /** Change calendars of planned activity; without one, nothing is known to be planned. */
  calendar?: ChangeCalendarPort;
  /** Read-only diagnostics on instances; without them, pre-checks that need them have no evidence. */
  diagnostics?: DiagnosticsPort;
}
