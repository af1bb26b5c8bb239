/**
 * `npm run eval:lambda` / `air eval --lambda`: every scenario run the way the deployed stack would (see
 * `harness/lambda-run.ts`), compared with the in-process run, with what the worker would be billed.
 *
 * Billed seconds of an invocation = the virtual time it slept inline + the wall time our code took on this
 * machine (Lambda bills per millisecond). "Before" is the same incident run in one invocation sleeping
 * through every wait (what the worker did before waits were durable, ignoring that it would time out).
 * Cost = GB-seconds at the worker's memory × the arm64 price + the request price per invocation.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { ReasonerConfig } from "../agents/shared/context.js";
import { BUDGET_SAFETY_MARGIN_MS } from "../graph/budget.js";
import { ResponderConfigSchema } from "../infra/config.js";
import type { RunbookRetriever } from "../knowledge/retrieval/types.js";
import {
  DEFAULT_INVOCATION_BUDGET_SECONDS,
  LAMBDA_ARM64_USD_PER_GB_SECOND,
  LAMBDA_USD_PER_REQUEST,
  type LambdaIncidentRun,
  runScenarioAsLambda,
} from "./harness/lambda-run.js";
import { num, renderTable } from "./report/table.js";
import type { Scenario } from "./scenario/index.js";

/** The worker's memory in the stack's default configuration (infra/config.ts). */
export const DEFAULT_WORKER_MEMORY_MB = ResponderConfigSchema.shape.workerMemoryMb.parse(undefined);

export interface LambdaEvalOptions {
  retriever: RunbookRetriever;
  reasoner: ReasonerConfig;
  budgetSeconds?: number;
  memoryMb?: number;
  json?: string;
  quiet?: boolean;
}

const billed = (seconds: number) => Math.ceil(seconds * 1000) / 1000;

function cost(billedSeconds: number, invocations: number, memoryMb: number) {
  return (
    billedSeconds * (memoryMb / 1024) * LAMBDA_ARM64_USD_PER_GB_SECOND + invocations * LAMBDA_USD_PER_REQUEST
  );
}

export interface LambdaIncidentReport {
  id: string;
  opened: boolean;
  match: boolean;
  inProcessOutcome?: string;
  lambdaOutcome?: string;
  actions: number;
  invocations: number;
  wakeups: number;
  scheduleRequests: number;
  maxInvocationSeconds: number;
  billedSeconds: number;
  costUsd: number;
  before: { billedSeconds: number; costUsd: number; waitSeconds: number };
  error?: string;
  detail: LambdaIncidentRun;
}

export function incidentReport(run: LambdaIncidentRun, memoryMb: number): LambdaIncidentReport {
  const inv = run.lambda.invocations;
  const seconds = inv.map((i) => billed(i.sleptSeconds + i.computeSeconds));
  const billedSeconds = seconds.reduce((a, b) => a + b, 0);
  const beforeSeconds = run.opened ? billed(run.inProcess.sleptSeconds + run.inProcess.computeSeconds) : 0;
  const error = run.lambda.error ?? run.inProcess.error;
  return {
    id: run.id,
    opened: run.opened,
    match: run.match,
    ...(run.inProcess.outcome ? { inProcessOutcome: run.inProcess.outcome } : {}),
    ...(run.lambda.outcome ? { lambdaOutcome: run.lambda.outcome } : {}),
    actions: run.lambda.actions.length,
    invocations: inv.length,
    wakeups: run.lambda.wakeups,
    scheduleRequests: run.lambda.scheduleRequests,
    maxInvocationSeconds: Math.max(0, ...seconds),
    billedSeconds,
    costUsd: cost(billedSeconds, inv.length, memoryMb),
    before: {
      billedSeconds: beforeSeconds,
      costUsd: run.opened ? cost(beforeSeconds, 1, memoryMb) : 0,
      waitSeconds: run.inProcess.sleptSeconds,
    },
    ...(error ? { error } : {}),
    detail: run,
  };
}

export function summariseLambda(
  reports: LambdaIncidentReport[],
  options: { budgetSeconds: number; memoryMb: number },
) {
  const opened = reports.filter((r) => r.opened);
  const mean = (f: (r: LambdaIncidentReport) => number) =>
    opened.length === 0 ? 0 : opened.reduce((a, r) => a + f(r), 0) / opened.length;
  return {
    incidents: reports.length,
    incidentsOpened: opened.length,
    outcomeMismatches: reports.filter((r) => !r.match).length,
    maxInvocationSeconds: Math.max(0, ...reports.map((r) => r.maxInvocationSeconds)),
    invocationsPerIncident: mean((r) => r.invocations),
    wakeupsPerIncident: mean((r) => r.wakeups),
    billedSecondsPerIncident: mean((r) => r.billedSeconds),
    costPerIncidentUsd: mean((r) => r.costUsd),
    before: {
      invocationsPerIncident: 1,
      billedSecondsPerIncident: mean((r) => r.before.billedSeconds),
      costPerIncidentUsd: mean((r) => r.before.costUsd),
      maxInvocationSeconds: Math.max(0, ...reports.map((r) => r.before.billedSeconds)),
    },
    budgetSeconds: options.budgetSeconds,
    safetyMarginSeconds: BUDGET_SAFETY_MARGIN_MS / 1000,
    workerMemoryMb: options.memoryMb,
    usdPerGbSecond: LAMBDA_ARM64_USD_PER_GB_SECOND,
    usdPerRequest: LAMBDA_USD_PER_REQUEST,
  };
}

export type LambdaSummary = ReturnType<typeof summariseLambda>;

export function lambdaTable(reports: LambdaIncidentReport[]): string {
  const rows = reports.map((r) => [
    r.id,
    r.opened ? (r.inProcessOutcome ?? r.error ?? "-") : "(no incident)",
    r.opened ? (r.lambdaOutcome ?? r.error ?? "-") : "",
    r.match ? "✓" : "✗",
    String(r.actions),
    String(r.invocations),
    String(r.wakeups),
    num(r.maxInvocationSeconds, 2),
    num(r.billedSeconds, 2),
    num(r.before.billedSeconds, 1),
  ]);
  return renderTable(
    ["scenario", "in-process", "lambda", "=", "acts", "inv", "wake", "max inv s", "billed s", "before s"],
    rows,
  );
}

export function lambdaSummaryText(s: LambdaSummary): string {
  const usd = (x: number) => `$${x.toFixed(7)}`;
  return [
    `Lambda mode: budget ${s.budgetSeconds} s per invocation (${s.safetyMarginSeconds} s kept back), worker ${s.workerMemoryMb} MB arm64`,
    `  incidents ${s.incidents} (${s.incidentsOpened} opened)   outcome mismatches ${s.outcomeMismatches}   max invocation ${s.maxInvocationSeconds.toFixed(2)} s`,
    `  per incident   invocations ${s.invocationsPerIncident.toFixed(1)}   wake-ups ${s.wakeupsPerIncident.toFixed(1)}   billed ${s.billedSecondsPerIncident.toFixed(2)} s   ${usd(s.costPerIncidentUsd)}`,
    `  before (sleeping inline through every wait): billed ${s.before.billedSecondsPerIncident.toFixed(1)} s   ${usd(s.before.costPerIncidentUsd)} per incident; longest run ${s.before.maxInvocationSeconds.toFixed(0)} s`,
  ].join("\n");
}

/** Runs the scenarios in Lambda mode; prints the table and summary; writes JSON when asked. */
export async function runLambdaEval(
  scenarios: Scenario[],
  options: LambdaEvalOptions,
  io: { out: (t: string) => void; err: (t: string) => void },
) {
  const budgetSeconds = options.budgetSeconds ?? DEFAULT_INVOCATION_BUDGET_SECONDS;
  const memoryMb = options.memoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const reports: LambdaIncidentReport[] = [];
  for (const [i, scenario] of scenarios.entries()) {
    const run = await runScenarioAsLambda(scenario, {
      retriever: options.retriever,
      reasoner: options.reasoner,
      budgetSeconds,
    });
    const report = incidentReport(run, memoryMb);
    reports.push(report);
    if (!options.quiet)
      io.err(
        `[${String(i + 1).padStart(2)}/${scenarios.length}] ${report.id.padEnd(36)} ${report.match ? "same" : "DIFFERENT"}  ${report.invocations} invocation(s)\n`,
      );
  }
  const summary = summariseLambda(reports, { budgetSeconds, memoryMb });
  io.out(`\n${lambdaTable(reports)}\n\n${lambdaSummaryText(summary)}\n`);
  for (const r of reports.filter((x) => !x.match))
    io.out(
      `  ✗ ${r.id}: in-process ${JSON.stringify(r.detail.inProcess)} vs lambda ${JSON.stringify({ ...r.detail.lambda, invocations: r.invocations })}\n`,
    );
  if (options.json) {
    mkdirSync(dirname(resolve(options.json)), { recursive: true });
    writeFileSync(options.json, `${JSON.stringify({ summary, incidents: reports }, null, 2)}\n`);
    io.out(`JSON written to ${options.json}\n`);
  }
  return { summary, incidents: reports };
}
