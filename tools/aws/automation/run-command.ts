/**
 * Approved scripts through SSM Run Command (AWS-RunShellScript). The script body comes from the allowlist
 * in `scripts.ts` by id; the request's parameters only pick the target instance and are validated, never
 * interpolated. SendCommand has no ClientToken: the automation adapter guards it with the token table.
 */
import { GetCommandInvocationCommand, SendCommandCommand, type SSMClient } from "@aws-sdk/client-ssm";
import { AwsAdapterError, awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { AutomationExecution, AutomationRequest, AutomationStatus } from "../../domain/index.js";
import { truncate } from "../util.js";
import { encodeExecutionId } from "./execution-id.js";
import { approvedScript } from "./scripts.js";

const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
export const RUN_SHELL_DOCUMENT = "AWS-RunShellScript";

const STATUS: Record<string, AutomationStatus> = {
  Pending: "Pending",
  Delayed: "Pending",
  InProgress: "InProgress",
  Cancelling: "InProgress",
  Success: "Success",
  Failed: "Failed",
  Cancelled: "Cancelled",
  TimedOut: "TimedOut",
};

function refuse(code: string, message: string, resource: string): AwsAdapterError {
  return new AwsAdapterError(`${code}: ${message}`, "invalid", code, "ssm:SendCommand", resource);
}

type RunCommandRequest = AutomationRequest & { executor: { type: "run-command" } };

/** The script and target a request may run; throws when the request is not allowed as it stands. */
export function checkRunCommand(request: RunCommandRequest): {
  commands: readonly string[];
  instanceId: string;
  timeoutSeconds: number;
} {
  const { document, scriptId } = request.executor;
  const script = approvedScript(scriptId);
  if (!script)
    throw refuse(
      "UnknownScript",
      `script '${scriptId}' is not in the approved script list`,
      `script ${scriptId}`,
    );
  if (document !== RUN_SHELL_DOCUMENT) {
    throw refuse(
      "InvalidDocument",
      `approved scripts run only with ${RUN_SHELL_DOCUMENT}, not ${document}`,
      `document ${document}`,
    );
  }
  const unexpected = Object.keys(request.parameters).filter((k) => !script.parameters.includes(k));
  if (unexpected.length) {
    throw refuse(
      "UnexpectedParameter",
      `script '${scriptId}' takes only ${script.parameters.join(", ")}; refused ${unexpected.join(", ")}`,
      `script ${scriptId}`,
    );
  }
  const instanceId = request.parameters["InstanceId"];
  if (typeof instanceId !== "string" || !INSTANCE_ID.test(instanceId)) {
    throw refuse(
      "InvalidInstanceId",
      `InstanceId must be an EC2 instance id like i-0abc1234, got ${JSON.stringify(instanceId)}`,
      `script ${scriptId}`,
    );
  }
  return { commands: script.commands, instanceId, timeoutSeconds: script.timeoutSeconds };
}

export async function sendApprovedScript(
  client: SSMClient,
  request: RunCommandRequest,
  now: Date,
): Promise<AutomationExecution> {
  const { commands, instanceId, timeoutSeconds } = checkRunCommand(request);
  const res = await awsCall(
    {
      action: "ssm:SendCommand",
      resource: `instance ${instanceId} (document ${RUN_SHELL_DOCUMENT})`,
      region: () => client.config.region(),
    },
    () =>
      client.send(
        new SendCommandCommand({
          DocumentName: RUN_SHELL_DOCUMENT,
          InstanceIds: [instanceId],
          Parameters: { commands: [...commands], executionTimeout: [String(timeoutSeconds)] },
          Comment: truncate(
            `air ${request.actionId} ${request.executor.scriptId} ${request.clientToken}`,
            100,
          ),
        }),
      ),
  );
  const startedMs = res.Command?.RequestedDateTime?.getTime() ?? now.getTime();
  return {
    executionId: encodeExecutionId({
      kind: "run-command",
      actionId: request.actionId,
      startedMs,
      commandId: res.Command?.CommandId ?? "",
      instanceId,
    }),
    actionId: request.actionId,
    status: "Pending",
    startedAt: new Date(startedMs).toISOString(),
  };
}

/** Run Command's `2024-05-01T12:00:00.123Z` strings; empty while not started or not ended. */
function when(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

export async function commandStatus(
  client: SSMClient,
  ref: { actionId: string; startedMs: number; commandId: string; instanceId: string },
  executionId: string,
): Promise<AutomationExecution> {
  const base = { executionId, actionId: ref.actionId, startedAt: new Date(ref.startedMs).toISOString() };
  try {
    const res = await awsCall(
      {
        action: "ssm:GetCommandInvocation",
        resource: `command ${ref.commandId} on ${ref.instanceId}`,
        region: () => client.config.region(),
      },
      () =>
        client.send(
          new GetCommandInvocationCommand({ CommandId: ref.commandId, InstanceId: ref.instanceId }),
        ),
    );
    const status = STATUS[res.Status ?? "Pending"] ?? "InProgress";
    const text =
      status === "Success"
        ? res.StandardOutputContent
        : res.StandardErrorContent || res.StandardOutputContent;
    const endedAt =
      status === "Pending" || status === "InProgress" ? undefined : when(res.ExecutionEndDateTime);
    const output = [
      res.StatusDetails && res.StatusDetails !== res.Status ? res.StatusDetails : "",
      text ?? "",
    ]
      .filter(Boolean)
      .join(": ");
    return {
      ...base,
      status,
      ...(endedAt ? { endedAt } : {}),
      ...(output ? { output: truncate(output, 2000) } : {}),
    };
  } catch (err) {
    // Right after SendCommand the invocation may not be visible yet.
    if (isAwsError(err, "InvocationDoesNotExist")) return { ...base, status: "Pending" };
    throw err;
  }
}
