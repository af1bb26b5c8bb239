/**
 * SSM Automation runbooks (e.g. AWS-RestartEC2Instance). `ClientToken` is SSM's own idempotency; the
 * execution is also tagged `air-token:<token>` so that, if SSM refuses a reused token, the first execution
 * is found again (`DescribeAutomationExecutions` by tag key) instead of starting a second one.
 */
import {
  DescribeAutomationExecutionsCommand,
  GetAutomationExecutionCommand,
  ListTagsForResourceCommand,
  type SSMClient,
  StartAutomationExecutionCommand,
} from "@aws-sdk/client-ssm";
import { AwsAdapterError, awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { AutomationExecution, AutomationRequest, AutomationStatus } from "../../domain/index.js";
import { iso, truncate } from "../util.js";
import { encodeExecutionId } from "./execution-id.js";

const STATUS: Record<string, AutomationStatus> = {
  Pending: "Pending",
  Scheduled: "Pending",
  PendingApproval: "Pending",
  Approved: "Pending",
  PendingChangeCalendarOverride: "Pending",
  ChangeCalendarOverrideApproved: "Pending",
  InProgress: "InProgress",
  Waiting: "InProgress",
  RunbookInProgress: "InProgress",
  Cancelling: "InProgress",
  Success: "Success",
  CompletedWithSuccess: "Success",
  Failed: "Failed",
  CompletedWithFailure: "Failed",
  Rejected: "Failed",
  ChangeCalendarOverrideRejected: "Failed",
  Exited: "Failed",
  Cancelled: "Cancelled",
  TimedOut: "TimedOut",
};

/** SSM's automation status in the port's terms. */
export function automationStatus(status: string | undefined): AutomationStatus {
  return STATUS[status ?? "Pending"] ?? "InProgress";
}

/** Parameters as SSM wants them: every value a list of strings. */
export function ssmParameters(parameters: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined || value === null) continue;
    const list = Array.isArray(value) ? value : [value];
    out[key] = list.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v)));
  }
  return out;
}

export const tokenTagKey = (token: string) => `air-token:${token.toLowerCase()}`;

const ctx = (client: SSMClient, action: string, resource: string) => ({
  action,
  resource,
  region: () => client.config.region(),
});

/** The execution an earlier start with this token created, when its request matches. */
async function findByToken(client: SSMClient, token: string, hash: string): Promise<string | undefined> {
  const res = await awsCall(
    ctx(client, "ssm:DescribeAutomationExecutions", `executions tagged ${tokenTagKey(token)}`),
    () =>
      client.send(
        new DescribeAutomationExecutionsCommand({
          Filters: [{ Key: "TagKey", Values: [tokenTagKey(token)] }],
        }),
      ),
  );
  const id = res.AutomationExecutionMetadataList?.[0]?.AutomationExecutionId;
  if (!id) return undefined;
  const tags = await awsCall(ctx(client, "ssm:ListTagsForResource", `Automation execution ${id}`), () =>
    client.send(new ListTagsForResourceCommand({ ResourceType: "Automation", ResourceId: id })),
  );
  const stored = tags.TagList?.find((t) => t.Key === tokenTagKey(token))?.Value;
  if (stored !== hash) {
    throw new AwsAdapterError(
      `IdempotentParameterMismatch: ClientToken ${token} already started Automation execution ${id} with a ` +
        "different request; a new request needs a new token",
      "conflict",
      "IdempotentParameterMismatch",
      "ssm:StartAutomationExecution",
      `Automation execution ${id}`,
    );
  }
  return id;
}

export async function startAutomation(
  client: SSMClient,
  request: AutomationRequest & { executor: { type: "ssm-automation" } },
  hash: string,
  options: { assumeRoleArn?: string; now: Date },
): Promise<AutomationExecution> {
  const document = request.executor.document;
  const parameters = ssmParameters(request.parameters);
  if (options.assumeRoleArn && !parameters["AutomationAssumeRole"]) {
    parameters["AutomationAssumeRole"] = [options.assumeRoleArn];
  }
  const send = (tagged: boolean) =>
    awsCall(ctx(client, "ssm:StartAutomationExecution", `Automation document ${document}`), () =>
      client.send(
        new StartAutomationExecutionCommand({
          DocumentName: document,
          Parameters: parameters,
          ClientToken: request.clientToken,
          ...(tagged
            ? {
                Tags: [
                  { Key: tokenTagKey(request.clientToken), Value: hash },
                  { Key: "air-action", Value: request.actionId },
                ],
              }
            : {}),
        }),
      ),
    );
  let automationId: string | undefined;
  try {
    automationId = (await send(true)).AutomationExecutionId;
  } catch (err) {
    // Tagging on start needs ssm:AddTagsToResource; without it, start untagged (ClientToken still guards).
    const untaggable =
      err instanceof AwsAdapterError &&
      err.kind === "access-denied" &&
      /AddTagsToResource/i.test(err.message);
    if (untaggable) automationId = (await send(false)).AutomationExecutionId;
    else {
      const reused =
        isAwsError(err, "IdempotentParameterMismatch") ||
        /client ?token/i.test(String((err as Error).message));
      if (!reused) throw err;
      automationId = await findByToken(client, request.clientToken, hash);
      if (!automationId) throw err;
      return automationExecutionStatus(client, request.actionId, automationId);
    }
  }
  return {
    executionId: encodeExecutionId({
      kind: "ssm-automation",
      actionId: request.actionId,
      automationId: automationId ?? "",
    }),
    actionId: request.actionId,
    status: "InProgress",
    startedAt: options.now.toISOString(),
  };
}

export async function automationExecutionStatus(
  client: SSMClient,
  actionId: string,
  automationId: string,
  /** The id the caller holds, returned as is. */
  executionId?: string,
): Promise<AutomationExecution> {
  const res = await awsCall(
    ctx(client, "ssm:GetAutomationExecution", `Automation execution ${automationId}`),
    () => client.send(new GetAutomationExecutionCommand({ AutomationExecutionId: automationId })),
  );
  const e = res.AutomationExecution;
  const status = automationStatus(e?.AutomationExecutionStatus);
  const outputs = e?.Outputs && Object.keys(e.Outputs).length ? JSON.stringify(e.Outputs) : undefined;
  const output = e?.FailureMessage ?? outputs;
  const endedAt = iso(e?.ExecutionEndTime);
  return {
    executionId: executionId ?? encodeExecutionId({ kind: "ssm-automation", actionId, automationId }),
    actionId: actionId || (e?.DocumentName ?? ""),
    status,
    startedAt: iso(e?.ExecutionStartTime) ?? "",
    ...(endedAt ? { endedAt } : {}),
    ...(output ? { output: truncate(output, 2000) } : {}),
  };
}
