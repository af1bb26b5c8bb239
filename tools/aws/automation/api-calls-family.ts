/**
 * The catalogue families' single control-plane calls (Lambda concurrency, DynamoDB capacity, SQS redrive,
 * ECS replace/scale, Auto Scaling max size, Parameter Store revert, security-group rule restore). Each
 * operation has a strict schema of exactly the parameters its catalogue action sends, and one write call.
 * None of these APIs takes a client token: the token table in `automation.ts` runs each request at most
 * once, and every call below is also safe to repeat (it sets an absolute value, or treats "already there"
 * as done), so a retry after a crash converges on the same state.
 */
import { type AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { type DynamoDBClient, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { AuthorizeSecurityGroupIngressCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { type ECSClient, UpdateServiceCommand, type UpdateServiceCommandOutput } from "@aws-sdk/client-ecs";
import {
  DeleteFunctionConcurrencyCommand,
  type LambdaClient,
  PutFunctionConcurrencyCommand,
} from "@aws-sdk/client-lambda";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SetQueueAttributesCommand,
  type SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import {
  GetParameterHistoryCommand,
  type ParameterHistory,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import { z } from "zod";
import { AwsAdapterError, awsCall, isAwsError } from "../../aws-shared/errors.js";
import type { AutomationExecution, AutomationStatus } from "../../domain/index.js";
import { encodeExecutionId } from "./execution-id.js";

export interface FamilyClients {
  lambda: LambdaClient;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  ecs: ECSClient;
  autoScaling: AutoScalingClient;
  ssm: SSMClient;
  ec2: EC2Client;
}

/** Same shape rules as the catalogue: plain names only (no ARN, which could name another account). */
const plain = (max = 255) =>
  z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a plain name (letters, digits, '.', '_', '-'; no ARN)")
    .max(max);
const cidr = z
  .string()
  .regex(
    /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}\/(2[4-9]|3[0-2])$/,
    "an IPv4 CIDR no wider than /24",
  );
const sgId = z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id like sg-0abc1234");

export const FAMILY_SCHEMAS = {
  "lambda:PutFunctionConcurrency": z.strictObject({
    FunctionName: plain(64),
    ReservedConcurrentExecutions: z.number().int().min(0).max(10_000),
  }),
  "lambda:DeleteFunctionConcurrency": z.strictObject({ FunctionName: plain(64) }),
  "dynamodb:UpdateTable": z.union([
    z.strictObject({ TableName: plain(), BillingMode: z.literal("PAY_PER_REQUEST") }),
    z.strictObject({
      TableName: plain(),
      ReadCapacityUnits: z.number().int().min(1).max(40_000),
      WriteCapacityUnits: z.number().int().min(1).max(40_000),
    }),
  ]),
  "sqs:SetQueueAttributes": z.strictObject({
    QueueName: plain(80),
    DeadLetterQueueName: plain(80),
    maxReceiveCount: z.number().int().min(1).max(1000),
  }),
  "sqs:StartMessageMoveTask": z.strictObject({
    SourceQueueName: plain(80),
    DeadLetterQueueName: plain(80),
    MaxNumberOfMessagesPerSecond: z.number().int().min(1).max(500),
  }),
  "autoscaling:UpdateAutoScalingGroup": z.strictObject({
    AutoScalingGroupName: plain(),
    MaxSize: z.number().int().min(1).max(1000),
  }),
  "ssm:PutParameter": z.strictObject({
    Name: z
      .string()
      .regex(
        /^\/?[A-Za-z0-9_][A-Za-z0-9_.-]*(\/[A-Za-z0-9_][A-Za-z0-9_.-]*)*$/,
        "a parameter name like /checkout/db/pool-size (no ARN, no '..')",
      )
      .max(1011),
    RestoreVersion: z.string().regex(/^[1-9]\d{0,9}$/, "a version number"),
  }),
  "ec2:AuthorizeSecurityGroupIngress": z
    .strictObject({
      GroupId: sgId,
      IpProtocol: z.enum(["tcp", "udp"]),
      FromPort: z.number().int().min(0).max(65535),
      ToPort: z.number().int().min(0).max(65535),
      Source: z.union([sgId, cidr]),
    })
    .refine((p) => p.FromPort <= p.ToPort, { message: "FromPort must not exceed ToPort", path: ["ToPort"] }),
} as const;

/** The ECS forms beyond the rollback (which `api-calls.ts` keeps): replace tasks, or set the count. */
export const ecsFamilyParams = z.union([
  z.strictObject({ cluster: plain(), service: plain(), forceNewDeployment: z.literal(true) }),
  z.strictObject({ cluster: plain(), service: plain(), desiredCount: z.number().int().min(0).max(1000) }),
]);

export type FamilyOperation = keyof typeof FAMILY_SCHEMAS;

export function isFamilyOperation(operation: string): operation is FamilyOperation {
  return Object.hasOwn(FAMILY_SCHEMAS, operation);
}

/** What the family call did, for `callApi` to turn into an execution. */
export type FamilyResult =
  | { kind: "done"; target: string; output: string }
  | { kind: "move-task"; sourceArn: string; taskHandle: string; output: string };

async function queueUrl(sqs: SQSClient, name: string, action: string): Promise<string> {
  const res = await awsCall(
    { action: "sqs:GetQueueUrl", resource: `queue ${name}`, region: () => sqs.config.region() },
    () => sqs.send(new GetQueueUrlCommand({ QueueName: name })),
  );
  if (!res.QueueUrl) throw invalid(action, `queue ${name}`, "GetQueueUrl returned no URL");
  return res.QueueUrl;
}

async function queueArn(sqs: SQSClient, url: string, name: string): Promise<string> {
  const res = await awsCall(
    { action: "sqs:GetQueueAttributes", resource: `queue ${name}`, region: () => sqs.config.region() },
    () => sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["QueueArn"] })),
  );
  const arn = res.Attributes?.QueueArn;
  if (!arn) throw invalid("sqs:GetQueueAttributes", `queue ${name}`, "no QueueArn attribute");
  return arn;
}

function invalid(action: string, resource: string, why: string): AwsAdapterError {
  return new AwsAdapterError(
    `InvalidParameters: ${action} on ${resource}: ${why}`,
    "invalid",
    "InvalidParameters",
    action,
    resource,
  );
}

/** All versions of a parameter, oldest first (GetParameterHistory pages; values never decrypted). */
async function parameterHistory(ssm: SSMClient, name: string): Promise<ParameterHistory[]> {
  const all: ParameterHistory[] = [];
  let next: string | undefined;
  do {
    const res = await awsCall(
      { action: "ssm:GetParameterHistory", resource: `parameter ${name}`, region: () => ssm.config.region() },
      () =>
        ssm.send(
          new GetParameterHistoryCommand({
            Name: name,
            WithDecryption: false,
            MaxResults: 50,
            NextToken: next,
          }),
        ),
    );
    all.push(...(res.Parameters ?? []));
    next = res.NextToken;
  } while (next);
  return all;
}

/** Runs one family operation; parameters must already have passed `FAMILY_SCHEMAS[operation]`. */
export async function callFamily(
  clients: FamilyClients,
  operation: FamilyOperation,
  parameters: unknown,
): Promise<FamilyResult> {
  const region = (c: { config: { region: () => Promise<string> } }) => () => c.config.region();
  switch (operation) {
    case "lambda:PutFunctionConcurrency": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      const resource = `function ${p.FunctionName}`;
      await awsCall({ action: operation, resource, region: region(clients.lambda) }, () =>
        clients.lambda.send(
          new PutFunctionConcurrencyCommand({
            FunctionName: p.FunctionName,
            ReservedConcurrentExecutions: p.ReservedConcurrentExecutions,
          }),
        ),
      );
      return {
        kind: "done",
        target: p.FunctionName,
        output: `reserved concurrency of ${p.FunctionName} set to ${p.ReservedConcurrentExecutions}`,
      };
    }
    case "lambda:DeleteFunctionConcurrency": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      await awsCall(
        { action: operation, resource: `function ${p.FunctionName}`, region: region(clients.lambda) },
        () => clients.lambda.send(new DeleteFunctionConcurrencyCommand({ FunctionName: p.FunctionName })),
      );
      return {
        kind: "done",
        target: p.FunctionName,
        output: `reserved concurrency of ${p.FunctionName} removed (unreserved pool)`,
      };
    }
    case "dynamodb:UpdateTable": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      const input =
        "BillingMode" in p
          ? { TableName: p.TableName, BillingMode: p.BillingMode }
          : {
              TableName: p.TableName,
              // Explicit PROVISIONED: from on-demand this is the rollback of a switch.
              BillingMode: "PROVISIONED" as const,
              ProvisionedThroughput: {
                ReadCapacityUnits: p.ReadCapacityUnits,
                WriteCapacityUnits: p.WriteCapacityUnits,
              },
            };
      // Safe to repeat: the values are absolute. A repeat AWS refuses as a no-op (ValidationException) comes
      // back as a Failed execution with AWS's reason, and nothing changes.
      await awsCall(
        { action: operation, resource: `table ${p.TableName}`, region: region(clients.dynamo) },
        () => clients.dynamo.send(new UpdateTableCommand(input)),
      );
      return {
        kind: "done",
        target: p.TableName,
        output:
          "BillingMode" in p
            ? `table ${p.TableName} switched to on-demand capacity`
            : `table ${p.TableName} provisioned at ${p.ReadCapacityUnits}/${p.WriteCapacityUnits} RCU/WCU`,
      };
    }
    case "sqs:SetQueueAttributes": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      const url = await queueUrl(clients.sqs, p.QueueName, operation);
      const dlqArn = await queueArn(
        clients.sqs,
        await queueUrl(clients.sqs, p.DeadLetterQueueName, operation),
        p.DeadLetterQueueName,
      );
      // RedrivePolicy only: no other attribute is ever sent.
      await awsCall(
        { action: operation, resource: `queue ${p.QueueName}`, region: region(clients.sqs) },
        () =>
          clients.sqs.send(
            new SetQueueAttributesCommand({
              QueueUrl: url,
              Attributes: {
                RedrivePolicy: JSON.stringify({
                  deadLetterTargetArn: dlqArn,
                  maxReceiveCount: p.maxReceiveCount,
                }),
              },
            }),
          ),
      );
      return {
        kind: "done",
        target: p.QueueName,
        output: `redrive policy of ${p.QueueName}: maxReceiveCount ${p.maxReceiveCount} → ${p.DeadLetterQueueName}`,
      };
    }
    case "sqs:StartMessageMoveTask": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      const sourceArn = await queueArn(
        clients.sqs,
        await queueUrl(clients.sqs, p.DeadLetterQueueName, operation),
        p.DeadLetterQueueName,
      );
      const destinationArn = await queueArn(
        clients.sqs,
        await queueUrl(clients.sqs, p.SourceQueueName, operation),
        p.SourceQueueName,
      );
      const res = await awsCall(
        {
          action: operation,
          resource: `dead-letter queue ${p.DeadLetterQueueName}`,
          region: region(clients.sqs),
        },
        () =>
          clients.sqs.send(
            new StartMessageMoveTaskCommand({
              SourceArn: sourceArn,
              DestinationArn: destinationArn,
              MaxNumberOfMessagesPerSecond: p.MaxNumberOfMessagesPerSecond,
            }),
          ),
      );
      return {
        kind: "move-task",
        sourceArn,
        taskHandle: res.TaskHandle ?? "",
        output: `moving messages from ${p.DeadLetterQueueName} back to ${p.SourceQueueName} at ≤ ${p.MaxNumberOfMessagesPerSecond}/s`,
      };
    }
    case "autoscaling:UpdateAutoScalingGroup": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      await awsCall(
        {
          action: operation,
          resource: `Auto Scaling group ${p.AutoScalingGroupName}`,
          region: region(clients.autoScaling),
        },
        () =>
          clients.autoScaling.send(
            new UpdateAutoScalingGroupCommand({
              AutoScalingGroupName: p.AutoScalingGroupName,
              MaxSize: p.MaxSize,
            }),
          ),
      );
      return {
        kind: "done",
        target: p.AutoScalingGroupName,
        output: `MaxSize of ${p.AutoScalingGroupName} set to ${p.MaxSize}`,
      };
    }
    case "ssm:PutParameter":
      return revertParameter(clients.ssm, FAMILY_SCHEMAS[operation].parse(parameters));
    case "ec2:AuthorizeSecurityGroupIngress": {
      const p = FAMILY_SCHEMAS[operation].parse(parameters);
      const source = p.Source.startsWith("sg-")
        ? { UserIdGroupPairs: [{ GroupId: p.Source }] }
        : { IpRanges: [{ CidrIp: p.Source }] };
      const rule = `${p.IpProtocol}:${p.FromPort}-${p.ToPort}:${p.Source}`;
      try {
        await awsCall(
          { action: operation, resource: `security group ${p.GroupId}`, region: region(clients.ec2) },
          () =>
            clients.ec2.send(
              new AuthorizeSecurityGroupIngressCommand({
                GroupId: p.GroupId,
                IpPermissions: [
                  { IpProtocol: p.IpProtocol, FromPort: p.FromPort, ToPort: p.ToPort, ...source },
                ],
              }),
            ),
        );
      } catch (err) {
        // A repeat finds the rule in place: that is the state asked for.
        if (!isAwsError(err, "InvalidPermission.Duplicate")) throw err;
      }
      return { kind: "done", target: p.GroupId, output: `security group ${p.GroupId} has the rule ${rule}` };
    }
  }
}

/**
 * Writes the value of an earlier version as the newest (String parameters only; the value is never
 * decrypted). Repeating it writes the same value again: a new version with the same content.
 */
async function revertParameter(
  ssm: SSMClient,
  p: { Name: string; RestoreVersion: string },
): Promise<FamilyResult> {
  const history = await parameterHistory(ssm, p.Name);
  const resource = `parameter ${p.Name}`;
  const latest = history.at(-1);
  const wanted = history.find((h) => String(h.Version) === p.RestoreVersion);
  if (!latest) throw invalid("ssm:PutParameter", resource, "the parameter has no history");
  if (latest.Type !== "String" || (wanted && wanted.Type !== "String")) {
    throw invalid(
      "ssm:PutParameter",
      resource,
      `only String parameters are reverted (this one is ${latest.Type})`,
    );
  }
  if (!wanted || wanted.Value === undefined) {
    throw invalid(
      "ssm:PutParameter",
      resource,
      `version ${p.RestoreVersion} is not in the parameter's history`,
    );
  }
  const res = await awsCall({ action: "ssm:PutParameter", resource, region: () => ssm.config.region() }, () =>
    ssm.send(
      new PutParameterCommand({
        Name: p.Name,
        Value: wanted.Value,
        Type: "String",
        Overwrite: true,
        // Keep the parameter's tier and data type: a different tier would be refused or change pricing.
        ...(latest.Tier ? { Tier: latest.Tier } : {}),
        ...(latest.DataType ? { DataType: latest.DataType } : {}),
      }),
    ),
  );
  return {
    kind: "done",
    target: p.Name,
    output: `${p.Name}: value of version ${p.RestoreVersion} written as version ${res.Version ?? "?"}`,
  };
}

/** Replace tasks (a new deployment whose rollout `api-calls.ts` follows) or set the desired count. */
export async function updateEcsService(
  ecs: ECSClient,
  p: z.infer<typeof ecsFamilyParams>,
): Promise<UpdateServiceCommandOutput> {
  const input =
    "forceNewDeployment" in p
      ? { cluster: p.cluster, service: p.service, forceNewDeployment: true }
      : { cluster: p.cluster, service: p.service, desiredCount: p.desiredCount };
  return awsCall(
    {
      action: "ecs:UpdateService",
      resource: `ECS service ${p.cluster}/${p.service}`,
      region: () => ecs.config.region(),
    },
    () => ecs.send(new UpdateServiceCommand(input)),
  );
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

/** Execution id pieces for a family result that is done when the call returns. */
export function familyDone(actionId: string, startedMs: number, operation: string, target: string): string {
  return encodeExecutionId({ kind: "api", actionId, startedMs, operation, target });
}
