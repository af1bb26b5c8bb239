/**
 * Single control-plane calls: ecs:UpdateService (status follows the deployment's rollout), lambda:UpdateAlias
 * and autoscaling:SetDesiredCapacity (done when the call returns), and the catalogue families' calls
 * (`api-calls-family.ts`). Parameters are checked here as well as in the catalogue, since this is the last
 * step before AWS.
 */
import { type AutoScalingClient, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { type Deployment, type ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { type LambdaClient, UpdateAliasCommand } from "@aws-sdk/client-lambda";
import { z } from "zod";
import { AwsAdapterError, awsCall } from "../../aws-shared/errors.js";
import type { AutomationExecution, AutomationRequest, AutomationStatus } from "../../domain/index.js";
import { fetchServices } from "../resources/ecs.js";
import { taskDefinitionName } from "../resources/ids.js";
import { iso } from "../util.js";
import { ecsFamilyParams, FAMILY_SCHEMAS, isFamilyOperation } from "./api-call-schemas.js";
import { callFamily, type FamilyClients, familyDone, updateEcsService } from "./api-calls-family.js";
import { encodeExecutionId } from "./execution-id.js";

export interface ApiClients extends FamilyClients {
  ecs: ECSClient;
  lambda: LambdaClient;
  autoScaling: AutoScalingClient;
}

const ecsParams = z.object({
  cluster: z.string().min(1),
  service: z.string().min(1),
  taskDefinition: z.string().regex(/^[\w-]+:\d+$/, "a family:revision like checkout:41"),
});
const lambdaParams = z.object({
  functionName: z.string().min(1),
  alias: z.string().min(1),
  version: z.string().regex(/^\d+$/, "a published version number"),
});
const asgParams = z.object({
  AutoScalingGroupName: z.string().min(1),
  DesiredCapacity: z.number().int().min(0),
});

export const SUPPORTED_OPERATIONS = [
  "ecs:UpdateService",
  "lambda:UpdateAlias",
  "autoscaling:SetDesiredCapacity",
  ...Object.keys(FAMILY_SCHEMAS),
];

/** ecs:UpdateService: the rollback form (a task definition) or a family form (replace tasks, set count). */
const ecsAnyParams = z.union([ecsParams.strict(), ecsFamilyParams]);

function parse<T>(schema: z.ZodType<T>, operation: string, parameters: unknown): T {
  const parsed = schema.safeParse(parameters);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AwsAdapterError(
    `InvalidParameters: ${operation} parameter '${issue?.path.join(".")}': ${issue?.message}`,
    "invalid",
    "InvalidParameters",
    operation,
    "request parameters",
  );
}

/** Validates the request for its operation (throws on anything not allowed). */
export function checkApiCall(operation: string, parameters: unknown): void {
  if (operation === "ecs:UpdateService") parse(ecsAnyParams, operation, parameters);
  else if (isFamilyOperation(operation)) parse(FAMILY_SCHEMAS[operation] as z.ZodType, operation, parameters);
  else if (operation === "lambda:UpdateAlias") parse(lambdaParams, operation, parameters);
  else if (operation === "autoscaling:SetDesiredCapacity") parse(asgParams, operation, parameters);
  else {
    throw new AwsAdapterError(
      `UnsupportedOperation: ${operation} is not an API call this adapter makes (${SUPPORTED_OPERATIONS.join(", ")})`,
      "invalid",
      "UnsupportedOperation",
      operation,
      "automation adapter",
    );
  }
}

const ROLLOUT: Record<string, AutomationStatus> = {
  COMPLETED: "Success",
  FAILED: "Failed",
  IN_PROGRESS: "InProgress",
};

function deploymentStatus(d: Deployment, siblings: number): AutomationStatus {
  if (d.rolloutState) return ROLLOUT[d.rolloutState] ?? "InProgress";
  // Without rollout state (e.g. external controllers): done when alone and at its desired count.
  return siblings === 1 && d.runningCount === d.desiredCount ? "Success" : "InProgress";
}

export async function callApi(
  clients: ApiClients,
  request: AutomationRequest & { executor: { type: "api" } },
  now: Date,
): Promise<AutomationExecution> {
  const { operation } = request.executor;
  const { actionId } = request;
  checkApiCall(operation, request.parameters);
  const startedAt = now.toISOString();
  if (isFamilyOperation(operation)) {
    const result = await callFamily(clients, operation, request.parameters);
    if (result.kind === "appconfig") {
      const { kind: _, output, ...deployment } = result;
      const executionId = encodeExecutionId({
        kind: "appconfig",
        actionId,
        startedMs: now.getTime(),
        ...deployment,
      });
      // Not Success yet: the deployment rolls out and may be rolled back; status() follows it.
      return { executionId, actionId, status: "InProgress", startedAt, output };
    }
    if (result.kind === "move-task") {
      const ref = {
        kind: "sqs-move" as const,
        actionId,
        startedMs: now.getTime(),
        sourceArn: result.sourceArn,
        taskHandle: result.taskHandle,
      };
      return {
        executionId: encodeExecutionId(ref),
        actionId,
        status: "InProgress",
        startedAt,
        output: result.output,
      };
    }
    return immediate(
      familyDone(actionId, now.getTime(), operation, result.target),
      actionId,
      now.getTime(),
      result.output,
    );
  }
  if (operation === "ecs:UpdateService") {
    const family = ecsFamilyParams.safeParse(request.parameters);
    if (family.success && "desiredCount" in family.data) {
      const p = family.data;
      await updateEcsService(clients.ecs, p);
      // A count change starts no deployment to follow: done when the call returns.
      return immediate(
        familyDone(actionId, now.getTime(), operation, `${p.cluster}/${p.service}`),
        actionId,
        now.getTime(),
        `desired count of ECS service ${p.cluster}/${p.service} set to ${p.desiredCount}`,
      );
    }
    const p = family.success ? family.data : ecsParams.parse(request.parameters);
    const res = family.success
      ? await updateEcsService(clients.ecs, family.data)
      : await awsCall(
          {
            action: operation,
            resource: `ECS service ${p.cluster}/${p.service}`,
            region: () => clients.ecs.config.region(),
          },
          () =>
            clients.ecs.send(
              new UpdateServiceCommand({
                cluster: p.cluster,
                service: p.service,
                taskDefinition: ecsParams.parse(request.parameters).taskDefinition,
              }),
            ),
        );
    const deployments = res.service?.deployments ?? [];
    const wantedTd = "taskDefinition" in p ? p.taskDefinition : undefined;
    const d =
      deployments.find(
        (x) => x.status === "PRIMARY" && (!wantedTd || taskDefinitionName(x.taskDefinition) === wantedTd),
      ) ?? deployments.find((x) => x.status === "PRIMARY");
    return {
      executionId: encodeExecutionId({
        kind: "ecs",
        actionId,
        cluster: p.cluster,
        service: p.service,
        deploymentId: d?.id ?? "",
      }),
      actionId,
      status: d ? deploymentStatus(d, deployments.length) : "InProgress",
      startedAt: iso(d?.createdAt) ?? startedAt,
    };
  }
  if (operation === "lambda:UpdateAlias") {
    const p = lambdaParams.parse(request.parameters);
    await awsCall(
      {
        action: operation,
        resource: `alias ${p.alias} of function ${p.functionName}`,
        region: () => clients.lambda.config.region(),
      },
      () =>
        clients.lambda.send(
          // Clearing the routing config sends all traffic to the version (no canary weights left behind).
          new UpdateAliasCommand({
            FunctionName: p.functionName,
            Name: p.alias,
            FunctionVersion: p.version,
            RoutingConfig: { AdditionalVersionWeights: {} },
          }),
        ),
    );
    const ref = {
      kind: "lambda" as const,
      actionId,
      startedMs: now.getTime(),
      functionName: p.functionName,
      alias: p.alias,
      version: p.version,
    };
    return immediate(
      encodeExecutionId(ref),
      actionId,
      now.getTime(),
      `alias ${p.functionName}:${p.alias} now points at version ${p.version}`,
    );
  }
  const p = asgParams.parse(request.parameters);
  await awsCall(
    {
      action: operation,
      resource: `Auto Scaling group ${p.AutoScalingGroupName}`,
      region: () => clients.autoScaling.config.region(),
    },
    () =>
      clients.autoScaling.send(
        new SetDesiredCapacityCommand({
          AutoScalingGroupName: p.AutoScalingGroupName,
          DesiredCapacity: p.DesiredCapacity,
          HonorCooldown: false,
        }),
      ),
  );
  const ref = {
    kind: "autoscaling" as const,
    actionId,
    startedMs: now.getTime(),
    group: p.AutoScalingGroupName,
    desired: p.DesiredCapacity,
  };
  return immediate(
    encodeExecutionId(ref),
    actionId,
    now.getTime(),
    `desired capacity of ${p.AutoScalingGroupName} set to ${p.DesiredCapacity}`,
  );
}

/** Alias and capacity changes are done when the call returns. */
export function immediate(
  executionId: string,
  actionId: string,
  startedMs: number,
  output: string,
): AutomationExecution {
  const at = new Date(startedMs).toISOString();
  return { executionId, actionId, status: "Success", startedAt: at, endedAt: at, output };
}

/** Status of an ECS rollback: the rollout state of the deployment it created. */
export async function ecsDeploymentStatus(
  client: ECSClient,
  ref: { actionId: string; cluster: string; service: string; deploymentId: string },
  executionId: string,
): Promise<AutomationExecution> {
  const [service] = await fetchServices(client, ref.cluster, [ref.service]);
  const deployments = service?.deployments ?? [];
  const d = deployments.find((x) => x.id === ref.deploymentId);
  if (!d) {
    const primary = deployments.find((x) => x.status === "PRIMARY");
    return {
      executionId,
      actionId: ref.actionId,
      status: service ? "Cancelled" : "Failed",
      startedAt: iso(primary?.createdAt) ?? "",
      output: service
        ? `deployment ${ref.deploymentId} is no longer listed: superseded by ${primary?.id ?? "a later deployment"} (${taskDefinitionName(primary?.taskDefinition)})`
        : `ECS service ${ref.cluster}/${ref.service} no longer exists`,
    };
  }
  const status = deploymentStatus(d, deployments.length);
  const done = status === "Success" || status === "Failed";
  const endedAt = done ? iso(d.updatedAt) : undefined;
  return {
    executionId,
    actionId: ref.actionId,
    status,
    startedAt: iso(d.createdAt) ?? "",
    ...(endedAt ? { endedAt } : {}),
    output:
      `${taskDefinitionName(d.taskDefinition)}: ${d.runningCount ?? 0}/${d.desiredCount ?? 0} running` +
      `${d.rolloutStateReason ? `; ${d.rolloutStateReason}` : ""}`,
  };
}
