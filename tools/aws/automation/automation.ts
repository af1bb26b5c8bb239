/**
 * AutomationPort over AWS: dispatches on the executor. `ssm-automation` → StartAutomationExecution with
 * ClientToken; `run-command` → SendCommand of an approved script; `api` → one control-plane call
 * (`api-calls.ts`). The last two are made idempotent by the DynamoDB token table. A start AWS refuses (bad parameters,
 * missing target, missing permission) comes back as a Failed execution saying why; transient failures throw.
 */
import { AwsAdapterError } from "../../aws-shared/errors.js";
import {
  type AutomationExecution,
  type AutomationRequest,
  AutomationRequestSchema,
} from "../../domain/index.js";
import type { AutomationPort, ClockPort } from "../../ports.js";
import { type ApiClients, callApi, checkApiCall, ecsDeploymentStatus, immediate } from "./api-calls.js";
import { appConfigDeploymentStatus } from "./api-calls-appconfig.js";
import { moveTaskStatus } from "./api-calls-sqs.js";
import { decodeExecutionId, encodeExecutionId } from "./execution-id.js";
import { checkRunCommand, commandStatus, sendApprovedScript } from "./run-command.js";
import { automationExecutionStatus, startAutomation } from "./ssm-automation.js";
import { requestHash, type TokenRecord, type TokenStore } from "./token-store.js";

/** Every client an executor may call (SSM for Automation and Run Command, the rest for `api`). */
export type AutomationClients = ApiClients;

export interface AwsAutomationOptions {
  /** Token table for Run Command and API calls (required for those executors). */
  tokens?: TokenStore;
  /** Role SSM Automation assumes (`AutomationAssumeRole`), when the document needs one. */
  automationAssumeRoleArn?: string;
  /** One role per Automation document (the stack's `AIR_SSM_AUTOMATION_ROLES`); wins over the single role. */
  automationRoles?: Readonly<Record<string, string>>;
  /** How long a start waits for another worker holding the same token. Default 15 s. */
  claimWaitMs?: number;
  clock?: Pick<ClockPort, "now" | "sleep">;
}

/** AWS refusals that mean "this start cannot run as asked": reported as a Failed execution. */
const REFUSALS = new Set(["invalid", "not-found", "access-denied"]);
const MAX_REMEMBERED = 1_000;

const realClock = {
  now: () => new Date(),
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
};

function conflict(token: string): AwsAdapterError {
  return new AwsAdapterError(
    `IdempotentParameterMismatch: client token ${token} was already used for a different request; a new request needs a new token`,
    "conflict",
    "IdempotentParameterMismatch",
    "automation:start",
    `client token ${token}`,
  );
}

export class AwsAutomation implements AutomationPort {
  private readonly clock: Pick<ClockPort, "now" | "sleep">;
  /** token → first execution, for repeats within this process. */
  private readonly known = new Map<string, { hash: string; executionId: string }>();
  private readonly refused = new Map<string, AutomationExecution>();

  constructor(
    private readonly clients: AutomationClients,
    private readonly options: AwsAutomationOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  async start(request: AutomationRequest): Promise<AutomationExecution> {
    const parsed = AutomationRequestSchema.safeParse(request);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new AwsAdapterError(
        `ValidationException: invalid automation request at '${issue?.path.join(".")}': ${issue?.message}`,
        "invalid",
        "ValidationException",
        "automation:start",
        `action ${request.actionId}`,
      );
    }
    const token = request.clientToken.toLowerCase();
    const hash = requestHash(request);
    const known = this.known.get(token);
    if (known) {
      if (known.hash !== hash) throw conflict(token);
      return this.status(known.executionId);
    }
    try {
      this.check(request);
    } catch (err) {
      return this.refusal(request, err);
    }
    const execution = await this.dispatch(request, hash);
    this.remember(token, hash, execution.executionId);
    return execution;
  }

  async status(executionId: string): Promise<AutomationExecution> {
    const ref = decodeExecutionId(executionId);
    switch (ref.kind) {
      case "ssm-automation":
        return automationExecutionStatus(this.clients.ssm, ref.actionId, ref.automationId, executionId);
      case "run-command":
        return commandStatus(this.clients.ssm, ref, executionId);
      case "ecs":
        return ecsDeploymentStatus(this.clients.ecs, ref, executionId);
      case "lambda":
        return immediate(
          executionId,
          ref.actionId,
          ref.startedMs,
          `alias ${ref.functionName}:${ref.alias} → version ${ref.version}`,
        );
      case "autoscaling":
        return immediate(
          executionId,
          ref.actionId,
          ref.startedMs,
          `desired capacity of ${ref.group} → ${ref.desired}`,
        );
      case "api":
        return immediate(executionId, ref.actionId, ref.startedMs, `${ref.operation} on ${ref.target} done`);
      case "sqs-move":
        return moveTaskStatus(this.clients.sqs, ref, executionId, this.clock.now());
      case "appconfig":
        return appConfigDeploymentStatus(this.clients.appConfig, ref, executionId);
      case "rejected": {
        const remembered = this.refused.get(executionId);
        if (remembered) return { ...remembered };
        const record = await this.options.tokens?.get(ref.token);
        const at = new Date(ref.startedMs).toISOString();
        return {
          executionId,
          actionId: ref.actionId,
          status: "Failed",
          startedAt: at,
          endedAt: at,
          output: record?.output ?? "the start was refused; nothing ran",
        };
      }
    }
  }

  /** Checks made before anything is claimed or called. */
  private check(request: AutomationRequest): void {
    const { executor } = request;
    if (executor.type === "run-command") checkRunCommand({ ...request, executor });
    else if (executor.type === "api") checkApiCall(executor.operation, request.parameters);
  }

  private async dispatch(request: AutomationRequest, hash: string): Promise<AutomationExecution> {
    const { executor } = request;
    if (executor.type === "ssm-automation") {
      try {
        const role =
          this.options.automationRoles?.[executor.document] ?? this.options.automationAssumeRoleArn;
        return await startAutomation(this.clients.ssm, { ...request, executor }, hash, {
          ...(role ? { assumeRoleArn: role } : {}),
          now: this.clock.now(),
        });
      } catch (err) {
        return this.refusal(request, err);
      }
    }
    const run = () =>
      executor.type === "run-command"
        ? sendApprovedScript(this.clients.ssm, { ...request, executor }, this.clock.now())
        : callApi(this.clients, { ...request, executor }, this.clock.now());
    return this.guarded(request, hash, run);
  }

  /** Runs `run` at most once per token across workers, via the token table. */
  private async guarded(
    request: AutomationRequest,
    hash: string,
    run: () => Promise<AutomationExecution>,
  ): Promise<AutomationExecution> {
    const tokens = this.options.tokens;
    if (!tokens) {
      throw new Error(
        `${request.executor.type} actions need the automation token table for idempotency: set automationTokenTable ` +
          "in the AWS adapter config (SendCommand and control-plane APIs have no ClientToken)",
      );
    }
    const token = request.clientToken.toLowerCase();
    const deadline = this.clock.now().getTime() + (this.options.claimWaitMs ?? 15_000);
    for (;;) {
      const claim = await tokens.claim(token, request.actionId, hash, this.clock.now());
      if (claim.claimed) break;
      const found = await this.fromRecord(claim.record, hash, token);
      if (found) return found;
      if (this.clock.now().getTime() >= deadline) {
        throw new Error(
          `another worker claimed client token ${token} for ${request.actionId} at ${claim.record.claimedAt} and has ` +
            "not recorded an execution yet; if it crashed, the action may or may not have started: check the target " +
            "before retrying with a new attempt",
        );
      }
      await this.clock.sleep(500);
    }
    let execution: AutomationExecution;
    try {
      execution = await run();
    } catch (err) {
      let refused: AutomationExecution;
      try {
        refused = this.refusal(request, err);
      } catch (transient) {
        await tokens.release(token).catch(() => undefined);
        throw transient;
      }
      await tokens.complete(token, refused.executionId, "rejected", refused.output);
      return refused;
    }
    // The action ran: a failure to record it must surface (not turn into a refusal).
    await tokens.complete(token, execution.executionId);
    return execution;
  }

  private async fromRecord(
    record: TokenRecord,
    hash: string,
    token: string,
  ): Promise<AutomationExecution | undefined> {
    if (record.requestHash !== hash) throw conflict(token);
    if (!record.executionId) return undefined;
    return this.status(record.executionId);
  }

  /** A refused start as a Failed execution; anything else (throttling, outages, credentials) is rethrown. */
  private refusal(request: AutomationRequest, err: unknown): AutomationExecution {
    if (!(err instanceof AwsAdapterError) || !REFUSALS.has(err.kind)) throw err;
    const now = this.clock.now();
    const token = request.clientToken.toLowerCase();
    const executionId = encodeExecutionId({
      kind: "rejected",
      actionId: request.actionId,
      startedMs: now.getTime(),
      token,
    });
    const execution: AutomationExecution = {
      executionId,
      actionId: request.actionId,
      status: "Failed",
      startedAt: now.toISOString(),
      endedAt: now.toISOString(),
      output: err.message,
    };
    this.refused.set(executionId, execution);
    if (this.refused.size > MAX_REMEMBERED) {
      const oldest = this.refused.keys().next().value;
      if (oldest !== undefined) this.refused.delete(oldest);
    }
    return { ...execution };
  }

  private remember(token: string, hash: string, executionId: string): void {
    this.known.set(token, { hash, executionId });
    if (this.known.size > MAX_REMEMBERED) {
      const oldest = this.known.keys().next().value;
      if (oldest !== undefined) this.known.delete(oldest);
    }
  }
}
