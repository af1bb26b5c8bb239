import { randomBytes } from "node:crypto";
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import { MemorySaver } from "@langchain/langgraph";
import type { ModelFactory, ReasonerConfig } from "../../agents/shared/context.js";
import type { ApprovalLinks } from "../../graph/deps.js";
import { compileIncidentGraph, type IncidentGraph } from "../../graph/incident-graph.js";
import { defaultGatePolicy, type GatePolicyInput } from "../../graph/policy/config.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident, Notification } from "../../tools/domain/index.js";
import { CollectingNotifier } from "../../tools/local/collecting-notifier.js";
import { FileAudit } from "../../tools/local/file-audit.js";
import { FileReports, MemoryReports } from "../../tools/local/file-reports.js";
import { MemoryAudit } from "../../tools/local/memory-audit.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import type { Logger } from "../../tools/logger.js";
import type { AuditPort, OutcomesPort, Ports } from "../../tools/ports.js";
import {
  createSandbox,
  type Sandbox,
  type SandboxOptions,
  type Scenario,
} from "../../tools/sandbox/index.js";
import { parseEvent } from "../intake/parse-event.js";
import { incidentFromAlert } from "./incident-from-alert.js";

export interface SimulatedRunOptions {
  retriever: RunbookRetriever;
  reasoner?: ReasonerConfig;
  /** Builds the model a run's `configurable.modelId` names. */
  modelFor?: ModelFactory;
  logger?: Logger;
  /** Default most supervisor steps (a run's `configurable.stepBudget` overrides it). */
  stepBudget?: number;
  policy?: GatePolicyInput;
  /** Where reports go; in memory when omitted. */
  reportsDir?: string;
  /** Shared across incidents so past outcomes feed confidence and rate limits. */
  outcomes?: OutcomesPort;
  checkpointer?: BaseCheckpointSaver;
  approvalLinks?: ApprovalLinks;
  onNotify?: (notification: Notification) => void;
  /** Prefix of the incident id (default: the scenario id); make it unique when threads persist across runs. */
  incidentPrefix?: string;
  /** Keep the audit trail in files here (so a resumed run continues its chain); in memory when omitted. */
  auditDir?: string;
  /** Replay the world to this many minutes instead of running until the first alarm (resuming a saved run). */
  replayMinutes?: number;
  /** Key signed approvals are verified with; a fresh random one when omitted (returned on the run). */
  approvalKey?: string;
  /** LangGraph Studio only: the identity an unsigned accept is taken to come from. */
  localApprover?: string;
  /** How the simulated account presents itself (e.g. the eval's log dialects); nothing the graph can see. */
  sandbox?: SandboxOptions;
}

export interface SimulatedRun {
  /** The key this run verifies signed approvals with: entry points sign their approvers' decisions with it. */
  approvalKey: string;
  sandbox: Sandbox;
  ports: Ports;
  graph: IncidentGraph;
  notifier: CollectingNotifier;
  audit: AuditPort;
  /** The incident the first alarm opened, or undefined when no alarm fired (a healthy scenario). */
  incident?: Incident;
  /** A fresh graph instance over the same ports: what a new worker process would build (crash tests). */
  compile: (checkpointer: BaseCheckpointSaver) => IncidentGraph;
}

/**
 * Sets up one scenario on the simulated account the way production runs: the simulated alarm emits
 * EventBridge JSON, intake parses and normalises it, and the graph is built over the sandbox's ports.
 */
export function prepareSimulatedRun(scenario: Scenario, options: SimulatedRunOptions): SimulatedRun {
  const sandbox = createSandbox(scenario, options.sandbox);
  const notifier = new CollectingNotifier(options.onNotify);
  const audit: AuditPort = options.auditDir ? new FileAudit(options.auditDir) : new MemoryAudit();
  const ports: Ports = {
    ...sandbox.ports,
    notifier,
    audit,
    outcomes: options.outcomes ?? new MemoryOutcomes(),
    reports: options.reportsDir ? new FileReports(options.reportsDir) : new MemoryReports(),
  };
  const approvalKey = options.approvalKey ?? randomBytes(32).toString("hex");
  const graphDeps = {
    ports,
    retriever: options.retriever,
    reasoner: options.reasoner ?? { mode: "rules" },
    modelFor: options.modelFor,
    logger: options.logger,
    stepBudget: options.stepBudget,
    policy: defaultGatePolicy(options.policy),
    approvalLinks: options.approvalLinks,
    approvalKey,
    ...(options.localApprover ? { localApprover: options.localApprover } : {}),
  };
  const compile = (checkpointer: BaseCheckpointSaver) => compileIncidentGraph(graphDeps, checkpointer);
  const graph = compile(options.checkpointer ?? new MemorySaver());
  const events =
    options.replayMinutes === undefined ? sandbox.runUntilAlarm() : sandbox.advance(options.replayMinutes);
  const alarm = events.find((e) => e.detail.state.value === "ALARM");
  let incident: Incident | undefined;
  if (alarm) {
    const serviceMap = {
      byAlarmPrefix: Object.fromEntries(
        scenario.triggers.filter((t) => t.service).map((t) => [t.name, t.service as string]),
      ),
    };
    const parsed = parseEvent(alarm, { serviceMap });
    if (!parsed.ok) {
      throw new Error(`the simulated alarm did not pass intake: ${parsed.error.message}`);
    }
    const alert = parsed.alerts[0]!;
    incident = incidentFromAlert(alert, options.incidentPrefix ?? scenario.metadata.id);
  }
  return { approvalKey, sandbox, ports, graph, notifier, audit, incident, compile };
}
