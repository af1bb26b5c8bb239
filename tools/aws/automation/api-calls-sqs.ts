/** SQS lookups by queue name, and the status of a dead-letter redrive (message move task). */
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { awsCall } from "../../aws-shared/errors.js";
import type { AutomationExecution, AutomationStatus } from "../../domain/index.js";
import { invalid } from "./api-call-schemas.js";

/** The queue's URL (SQS calls take URLs; the catalogue names queues). */
export async function queueUrl(sqs: SQSClient, name: string, action: string): Promise<string> {
  const res = await awsCall(
    { action: "sqs:GetQueueUrl", resource: `queue ${name}`, region: () => sqs.config.region() },
    () => sqs.send(new GetQueueUrlCommand({ QueueName: name })),
  );
  if (!res.QueueUrl) throw invalid(action, `queue ${name}`, "GetQueueUrl returned no URL");
  return res.QueueUrl;
}

/** The queue's ARN (redrive policies and move tasks take ARNs). */
export async function queueArn(sqs: SQSClient, url: string, name: string): Promise<string> {
  const res = await awsCall(
    { action: "sqs:GetQueueAttributes", resource: `queue ${name}`, region: () => sqs.config.region() },
    () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] })),
  );
  const arn = res.Attributes?.QueueArn;
  if (!arn) throw invalid("sqs:GetQueueAttributes", `queue ${name}`, "no QueueArn attribute");
  return arn;
}

const MOVE_STATUS: Record<string, AutomationStatus> = {
  RUNNING: "InProgress",
  CANCELLING: "InProgress",
  COMPLETED: "Success",
  CANCELLED: "Cancelled",
  FAILED: "Failed",
};

/** Status of a message move task: the task AWS lists for the dead-letter queue with this handle. */
export async function moveTaskStatus(
  sqs: SQSClient,
  ref: { actionId: string; startedMs: number; sourceArn: string; taskHandle: string },
  executionId: string,
  now: Date,
): Promise<AutomationExecution> {
  const res = await awsCall(
    {
      action: "sqs:ListMessageMoveTasks",
      resource: `queue ${ref.sourceArn}`,
      region: () => sqs.config.region(),
    },
    () => sqs.send(new ListMessageMoveTasksCommand({ SourceArn: ref.sourceArn, MaxResults: 10 })),
  );
  const startedAt = new Date(ref.startedMs).toISOString();
  const results = res.Results ?? [];
  // Only a running task carries its handle; a finished one is matched by start time (one move task per
  // queue at a time; a minute's slack for clock skew; the oldest such task is ours, later ones came after).
  const task =
    results.find((t) => t.TaskHandle === ref.taskHandle) ??
    results.filter((t) => !t.TaskHandle && (t.StartedTimestamp ?? 0) >= ref.startedMs - 60_000).at(-1);
  if (!task) {
    return {
      executionId,
      actionId: ref.actionId,
      status: "InProgress",
      startedAt,
      output: "move task not listed yet",
    };
  }
  const status = MOVE_STATUS[task.Status ?? ""] ?? "InProgress";
  const done = status !== "InProgress";
  return {
    executionId,
    actionId: ref.actionId,
    status,
    startedAt,
    ...(done ? { endedAt: now.toISOString() } : {}),
    output:
      `${task.ApproximateNumberOfMessagesMoved ?? 0}/${task.ApproximateNumberOfMessagesToMove ?? "?"} moved` +
      `${task.FailureReason ? `; ${task.FailureReason}` : ""}`,
  };
}
