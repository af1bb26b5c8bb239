/**
 * The AutomationPort of the simulated account: SSM-like executions that take virtual minutes and change the
 * world. Dispatches on the executor and checks its parameters, as AWS would; idempotent on clientToken;
 * every real start is recorded for tests.
 */
import type { AutomationExecution, AutomationRequest } from "../domain/index.js";
import { AutomationRequestSchema } from "../domain/index.js";
import type { AutomationPort } from "../ports.js";
import type { ActionHandler, ActionRun } from "./automation-actions.js";
import { EXECUTOR_HANDLERS, executorKey } from "./automation-actions.js";
import { streamFor, uuidFrom } from "./random.js";
import type { World } from "./world.js";
import { isoAt, MINUTE_MS } from "./world.js";

/** One execution that really started (a repeated clientToken does not add one). */
export interface AutomationStart {
  executionId: string;
  actionId: string;
  clientToken: string;
  parameters: Record<string, unknown>;
  time: string;
  /** False when the request was rejected at start (unknown target, bad parameters...). */
  accepted: boolean;
}

interface Running {
  execution: AutomationExecution;
  handler?: ActionHandler;
  run?: ActionRun;
  dueMs: number;
}

export class SandboxAutomation implements AutomationPort {
  /** Every real start, in order. */
  readonly starts: AutomationStart[] = [];
  private readonly executions = new Map<string, Running>();
  private readonly byToken = new Map<string, string>();

  constructor(
    private readonly world: World,
    private readonly nowMs: () => number,
  ) {}

  async start(request: AutomationRequest): Promise<AutomationExecution> {
    const parsed = AutomationRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(
        `ValidationException: invalid automation request at '${issue?.path.join(".")}': ${issue?.message}`,
      );
    }
    const known = this.byToken.get(request.clientToken);
    if (known) return this.status(known);

    const now = this.nowMs();
    const executionId = uuidFrom(streamFor(this.world.seed, "execution", this.starts.length));
    const execution: AutomationExecution = {
      executionId,
      actionId: request.actionId,
      status: "InProgress",
      startedAt: isoAt(now),
    };
    const fail = (output: string) => {
      execution.status = "Failed";
      execution.endedAt = isoAt(now);
      execution.output = output;
    };
    const key = executorKey(request.executor);
    const handler = Object.hasOwn(EXECUTOR_HANDLERS, key) ? EXECUTOR_HANDLERS[key] : undefined;
    let run: ActionRun | undefined;
    if (!handler) {
      fail(`InvalidDocument: the simulated account cannot run ${key} (action '${request.actionId}')`);
    } else {
      const params = handler.params.safeParse(request.parameters);
      if (!params.success) {
        const issue = params.error.issues[0];
        fail(
          `InvalidAutomationExecutionParametersException: parameter '${issue?.path.join(".")}': ${issue?.message}`,
        );
      } else {
        run = { world: this.world, params: params.data, nowMs: now, executionId };
        const error = handler.check(run);
        if (error) fail(error);
        else handler.begin?.(run);
      }
    }
    this.starts.push({
      executionId,
      actionId: request.actionId,
      clientToken: request.clientToken,
      parameters: { ...request.parameters },
      time: isoAt(now),
      accepted: execution.status === "InProgress",
    });
    this.byToken.set(request.clientToken, executionId);
    this.executions.set(executionId, {
      execution,
      ...(handler ? { handler } : {}),
      ...(run ? { run } : {}),
      dueMs: now + (handler?.minutes ?? 0) * MINUTE_MS,
    });
    return { ...execution };
  }

  async status(executionId: string): Promise<AutomationExecution> {
    const running = this.executions.get(executionId);
    if (!running) {
      throw new Error(`AutomationExecutionNotFoundException: Automation execution ${executionId} not found`);
    }
    return { ...running.execution };
  }

  /** Completes every execution due by `nowMs`, applying its effects. Called by the simulation each minute. */
  completeDue(nowMs: number): void {
    for (const running of this.executions.values()) {
      const { execution, handler, run } = running;
      if (execution.status !== "InProgress" || running.dueMs > nowMs || !handler || !run) continue;
      execution.output = handler.finish({ ...run, nowMs });
      execution.status = "Success";
      execution.endedAt = isoAt(nowMs);
    }
  }
}
