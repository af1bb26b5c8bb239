import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { ReasonerConfig } from "../../agents/shared/context.js";
import type { TimelineEntry } from "../../agents/shared/timeline.js";
import type { HumanInterrupt } from "../../graph/nodes/approval-payload.js";
import type { IncidentStateValue } from "../../graph/state.js";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Logger } from "../../tools/logger.js";
import type { OutcomesPort } from "../../tools/ports.js";
import type { Scenario } from "../../tools/sandbox/index.js";
import { osUserIdentity, signedResume } from "../approvals/sign-decision.js";
import type { Approver } from "../runtime/drive.js";
import { driveIncident } from "../runtime/drive.js";
import { prepareSimulatedRun, type SimulatedRun } from "../runtime/local.js";
import type { ChoiceApprover } from "./approver.js";
import type { Styler } from "./render/style.js";
import { formatTimelineEntry } from "./render/timeline.js";

export interface PlayOptions {
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  /** Default most supervisor steps (AIR_STEP_BUDGET). */
  stepBudget?: number;
  /** Structured logs (stderr); silent by default. */
  logger?: Logger;
  /** Sees every timeline line before it is printed: warns once when the model could not be reached. */
  onModelUnreachable?: (entry: TimelineEntry) => void;
  checkpointer: BaseCheckpointSaver;
  outcomes: OutcomesPort;
  reportsDir: string;
  /** Answers approval requests; without one the run stops at the request (deferred). */
  approver?: ChoiceApprover;
  /** Key the run verifies sign-offs with (the local key file for deferred runs); random when omitted. */
  approvalKey?: string;
  incidentPrefix?: string;
  /** Keep the audit trail in files here (deferred runs, so the resumed run continues the chain). */
  auditDir?: string;
  style: Styler;
  verbose: boolean;
  out?: NodeJS.WriteStream;
}

export interface PlayResult {
  scenario: Scenario;
  /** Minutes of simulated time at which the run paused or ended (to replay the world on resume). */
  minute?: number;
  incidentId?: string;
  paused?: boolean;
  state?: IncidentStateValue;
  /** The approval request the run paused on, if it paused for a person. */
  pending?: HumanInterrupt;
  /** Minutes of simulated time from the first alarm to verified recovery. */
  minutesToMitigate?: number;
  /** The simulated run (world, ports, graph), for callers that keep more of it (the console's metric). */
  run?: SimulatedRun;
}

/** Plays one scenario: the simulated alarm fires, intake opens the incident, the graph works it live. */
export async function playScenario(scenario: Scenario, options: PlayOptions): Promise<PlayResult> {
  const out = options.out ?? process.stdout;
  const { style } = options;
  const run = prepareSimulatedRun(scenario, {
    retriever: options.retriever,
    reasoner: options.reasoner,
    logger: options.logger,
    stepBudget: options.stepBudget,
    outcomes: options.outcomes,
    reportsDir: options.reportsDir,
    checkpointer: options.checkpointer,
    incidentPrefix: options.incidentPrefix,
    auditDir: options.auditDir,
    ...(options.approvalKey ? { approvalKey: options.approvalKey } : {}),
  });
  out.write(
    `\n${style("bold", `▶ ${scenario.metadata.title}`)} ${style("dim", `(${scenario.metadata.id})`)}\n`,
  );
  if (!run.incident) {
    out.write(`  no alarm fired in ${scenario.timeline.durationMinutes} simulated minutes: nothing to do\n`);
    return { scenario };
  }
  const alert = run.incident.alerts[0]!;
  out.write(
    `  ${style("red", "ALARM")} ${alert.alarmName} at ${alert.time} → incident ${style("bold", run.incident.id)}\n`,
  );
  const result = await driveIncident(
    run.graph,
    run.incident.id,
    { incident: run.incident },
    {
      approver: options.approver
        ? signing(options.approver, run.approvalKey, () => run.sandbox.clock.now())
        : undefined,
      onTimeline: (entry) => {
        options.onModelUnreachable?.(entry);
        out.write(`${formatTimelineEntry(entry, style, options.verbose)}\n`);
      },
    },
  );
  const state = result.state;
  const recoveredAt = state.verification?.recovered
    ? state.timeline.find((t) => t.node === "verify")?.time
    : undefined;
  const minutesToMitigate = recoveredAt
    ? Math.round((new Date(recoveredAt).getTime() - new Date(alert.time).getTime()) / 60_000)
    : undefined;
  if (result.paused) {
    out.write(
      `  ${style("magenta", "waiting for approval")}: air approve ${run.incident.id} --as <you>   |   air reject ${run.incident.id} --as <you>\n`,
    );
  } else {
    out.write(`  ${style("bold", "report")} ${state.reportLocation}\n`);
  }
  return {
    scenario,
    state,
    minutesToMitigate,
    minute: run.sandbox.minute(),
    incidentId: run.incident.id,
    paused: result.paused,
    ...(result.pending ? { pending: result.pending } : {}),
    run,
  };
}

/** The operator at this terminal decides; the CLI signs the decision as the OS user it runs as. */
function signing(choose: ChoiceApprover, key: string, now: () => Date): Approver {
  const identity = osUserIdentity();
  return async (request) => signedResume(key, request, await choose(request), identity, now());
}
