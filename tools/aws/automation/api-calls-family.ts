/**
 * The catalogue families' single control-plane calls (Lambda concurrency, DynamoDB capacity, SQS redrive,
 * ECS replace/scale, Auto Scaling max size, Parameter Store revert, security-group rule restore; AppConfig
 * rollback, WAF IP sets and IAM policy re-attach in their own modules). Each
 * operation has a strict schema of exactly the parameters its catalogue action sends, and one write call.
 * None of these APIs takes a client token: the token table in `automation.ts` runs each request at most
 * once, and every call below is also safe to repeat (it sets an absolute value, or treats "already there"
 * as done), so a retry after a crash converges on the same state.
 */
import type { AppConfigClient } from "@aws-sdk/client-appconfig";
import { type AutoScalingClient, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { type DynamoDBClient, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { AuthorizeSecurityGroupIngressCommand, type EC2Client } from "@aws-sdk/client-ec2";
import { type ECSClient, UpdateServiceCommand, type UpdateServiceCommandOutput } from "@aws-sdk/client-ecs";
import type { IAMClient } from "@aws-sdk/client-iam";
import {
  DeleteFunctionConcurrencyCommand,
  type LambdaClient,
  PutFunctionConcurrencyCommand,
} from "@aws-sdk/client-lambda";
import { SetQueueAttributesCommand, type SQSClient, StartMessageMoveTaskCommand } from "@aws-sdk/client-sqs";
import {
  GetParameterHistoryCommand,
  type ParameterHistory,
  PutParameterCommand,
  type SSMClient,
} from "@aws-sdk/client-ssm";
import type { WAFV2Client } from "@aws-sdk/client-wafv2";
import type { z } from "zod";
import { awsCall, isAwsError } from "../../aws-shared/errors.js";
import { type ecsFamilyParams, FAMILY_SCHEMAS, type FamilyOperation, invalid } from "./api-call-schemas.js";
import { attachRolePolicy, updateIpSet } from "./api-calls-access.js";
import { startAppConfigRollback } from "./api-calls-appconfig.js";
import { queueArn, queueUrl } from "./api-calls-sqs.js";
import { encodeExecutionId } from "./execution-id.js";

export interface FamilyClients {
  lambda: LambdaClient;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  ecs: ECSClient;
  autoScaling: AutoScalingClient;
  ssm: SSMClient;
  ec2: EC2Client;
  appConfig: AppConfigClient;
  wafv2: WAFV2Client;
  iam: IAMClient;
}

/** What the family call did, for `callApi` to turn into an execution. */
export type FamilyResult =
  | { kind: "done"; target: string; output: string }
  | { kind: "move-task"; sourceArn: string; taskHandle: string; output: string }
  /** An AppConfig deployment to follow (GetDeployment). */
  | {
      kind: "appconfig";
      applicationId: string;
      environmentId: string;
      deploymentNumber: number;
      output: string;
    };

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
    case "appconfig:StartDeployment":
      return {
        kind: "appconfig",
        ...(await startAppConfigRollback(clients.appConfig, FAMILY_SCHEMAS[operation].parse(parameters))),
      };
    case "wafv2:UpdateIPSet":
      return {
        kind: "done",
        ...(await updateIpSet(clients.wafv2, FAMILY_SCHEMAS[operation].parse(parameters))),
      };
    case "iam:AttachRolePolicy":
      return {
        kind: "done",
        ...(await attachRolePolicy(clients.iam, FAMILY_SCHEMAS[operation].parse(parameters))),
      };
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

/** Execution id pieces for a family result that is done when the call returns. */
export function familyDone(actionId: string, startedMs: number, operation: string, target: string): string {
  return encodeExecutionId({ kind: "api", actionId, startedMs, operation, target });
}
