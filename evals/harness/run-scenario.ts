/**
 * Runs one scenario through the real path — simulated alarm → EventBridge JSON → intake → incident graph
 * → gate → scripted approval → execute → verify — and records everything the scorers need: the final
 * state, what was asked and run, and the simulated account's end state.
 */

import type { ReasonerConfig } from "../../agents/shared/context.js";
import type { IncidentStateValue } from "../../graph/state.js";
import { driveIncident } from "../../handlers/runtime/drive.js";
import { prepareSimulatedRun } from "../../handlers/runtime/local.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import { MemoryOutcomes } from "../../tools/local/memory-outcomes.js";
import type { AutomationStart, FaultStatus, SandboxOptions } from "../../tools/sandbox/index.js";
import type { Scenario } from "../scenario/index.js";
import { scenarioPolicy } from "../scenario/policy.js";
import type { ApprovalAsked } from "./approver.js";
import { scriptedApprover } from "./approver.js";
import type { InvestigationGap } from "./gaps.js";
import type { CallCounter } from "./instrument.js";
import { instrumentPorts } from "./instrument.js";

export interface RunOptions {
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  /** Simulated minutes the world keeps running after the graph ends, before the end state is read. */
  settleMinutes?: number;
  /** How the simulated account presents itself (a variant's log dialect and wording). */
  sandbox?: SandboxOptions;
}

/** What happened in one run of one scenario. */
export interface ScenarioRun {
  scenario: Scenario;
  /** The alarm that opened the incident; undefined when none fired. */
  alarm?: { name: string; time: string; minute: number };
  state?: IncidentStateValue;
  approvals: ApprovalAsked[];
  /** Every automation the responder started (rollbacks included). */
  starts: AutomationStart[];
  faultsAtEnd: { kind: string; target: string; status: FaultStatus }[];
  alarmsAtEnd: Record<string, string>;
  /** Simulated minute (from timeline start) when the graph ended. */
  graphEndMinute: number;
  calls: CallCounter;
  /** Reads that failed or answered nothing (investigation gaps). */
  gaps?: InvestigationGap[];
  /** Set when the graph threw instead of finishing. */
  error?: string;
}

export const DEFAULT_SETTLE_MINUTES = 3;

export async function runScenario(scenario: Scenario, options: RunOptions): Promise<ScenarioRun> {
  const run = prepareSimulatedRun(scenario, {
    retriever: options.retriever,
    reasoner: options.reasoner,
    outcomes: new MemoryOutcomes(),
    policy: scenarioPolicy(scenario),
    ...(options.sandbox ? { sandbox: options.sandbox } : {}),
  });
  const gaps: InvestigationGap[] = [];
  const calls = instrumentPorts(run.ports, gaps);
  const approvals: ApprovalAsked[] = [];
  const { sandbox, incident } = run;
  const alert = incident?.alerts[0];
  const alarm = alert ? { name: alert.alarmName, time: alert.time, minute: sandbox.minute() } : undefined;
  let state: IncidentStateValue | undefined;
  let error: string | undefined;
  if (incident) {
    try {
      const result = await driveIncident(
        run.graph,
        incident.id,
        { incident },
        {
          approver: scriptedApprover(
            scenario,
            approvals,
            run.approvalKey,
            () => run.sandbox.clock.now(),
            (ms) => run.sandbox.clock.sleep(ms),
          ),
        },
      );
      state = result.state;
      if (result.paused) error = "the run paused for approval and was never resumed";
    } catch (e) {
      error = (e as Error).message;
    }
  }
  const graphEndMinute = sandbox.minute();
  sandbox.advance(options.settleMinutes ?? DEFAULT_SETTLE_MINUTES);
  const alarmsAtEnd = Object.fromEntries(
    (await sandbox.ports.alarms.list()).map((a) => [a.name, a.state] as const),
  );
  return {
    scenario,
    ...(alarm ? { alarm } : {}),
    ...(state ? { state } : {}),
    approvals,
    starts: sandbox.automationStarts.map((s) => ({ ...s, parameters: { ...s.parameters } })),
    faultsAtEnd: sandbox.faults(),
    alarmsAtEnd,
    graphEndMinute,
    calls: { ...calls },
    gaps,
    ...(error ? { error } : {}),
  };
}
