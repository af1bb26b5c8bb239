import {
  AutoScalingClient,
  SetDesiredCapacityCommand,
  UpdateAutoScalingGroupCommand,
} from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient, UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { AuthorizeSecurityGroupIngressCommand, EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import {
  DeleteFunctionConcurrencyCommand,
  LambdaClient,
  PutFunctionConcurrencyCommand,
} from "@aws-sdk/client-lambda";
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SetQueueAttributesCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import {
  GetParameterHistoryCommand,
  type ParameterHistory,
  type ParameterType,
  PutParameterCommand,
  SSMClient,
} from "@aws-sdk/client-ssm";
import { mockClient } from "aws-sdk-client-mock";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import type { AutomationRequest } from "../../domain/index.js";
import { awsError, fakeClock, TEST_CLIENT_CONFIG } from "../test-support.js";
import { callApi, checkApiCall } from "./api-calls.js";
import { AwsAutomation } from "./automation.js";
import { decodeExecutionId } from "./execution-id.js";

const mocks = {
  lambda: mockClient(LambdaClient),
  dynamo: mockClient(DynamoDBClient),
  sqs: mockClient(SQSClient),
  ecs: mockClient(ECSClient),
  autoScaling: mockClient(AutoScalingClient),
  ssm: mockClient(SSMClient),
  ec2: mockClient(EC2Client),
};
const clients = {
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  dynamo: new DynamoDBClient(TEST_CLIENT_CONFIG),
  sqs: new SQSClient(TEST_CLIENT_CONFIG),
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  ssm: new SSMClient(TEST_CLIENT_CONFIG),
  ec2: new EC2Client(TEST_CLIENT_CONFIG),
};
const NOW = new Date("2026-03-01T12:00:00Z");
const TOKEN = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

const api = (actionId: string, operation: string, parameters: Record<string, unknown>) =>
  ({
    actionId,
    executor: { type: "api", operation },
    parameters,
    clientToken: TOKEN,
  }) as AutomationRequest & { executor: { type: "api" } };

const run = (actionId: string, operation: string, parameters: Record<string, unknown>) =>
  callApi(clients, api(actionId, operation, parameters), NOW);

function refusal(operation: string, parameters: unknown): string {
  try {
    checkApiCall(operation, parameters);
  } catch (err) {
    expect(err).toBeInstanceOf(AwsAdapterError);
    return (err as Error).message;
  }
  throw new Error(`${operation} accepted ${JSON.stringify(parameters)}`);
}

beforeEach(() => {
  for (const m of Object.values(mocks)) m.reset();
});

describe("lambda concurrency", () => {
  it("sets the reservation (0 stops a runaway function) and reports done when the call returns", async () => {
    mocks.lambda.on(PutFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 0 });
    const execution = await run("lambda-stop-recursive-loop", "lambda:PutFunctionConcurrency", {
      FunctionName: "thumbnails",
      ReservedConcurrentExecutions: 0,
    });
    expect(mocks.lambda.commandCalls(PutFunctionConcurrencyCommand)[0]?.args[0].input).toEqual({
      FunctionName: "thumbnails",
      ReservedConcurrentExecutions: 0,
    });
    expect(execution).toMatchObject({ status: "Success", endedAt: NOW.toISOString() });
    expect(decodeExecutionId(execution.executionId)).toMatchObject({
      kind: "api",
      operation: "lambda:PutFunctionConcurrency",
      target: "thumbnails",
    });
  });

  it("removes the reservation", async () => {
    mocks.lambda.on(DeleteFunctionConcurrencyCommand).resolves({});
    await run("lambda-remove-reserved-concurrency", "lambda:DeleteFunctionConcurrency", {
      FunctionName: "thumbnails",
    });
    expect(mocks.lambda.commandCalls(DeleteFunctionConcurrencyCommand)[0]?.args[0].input).toEqual({
      FunctionName: "thumbnails",
    });
  });

  it("refuses ARNs, qualifiers and extra parameters", () => {
    expect(
      refusal("lambda:PutFunctionConcurrency", {
        FunctionName: "arn:aws:lambda:us-east-1:999999999999:function:other",
        ReservedConcurrentExecutions: 5,
      }),
    ).toMatch(/parameter 'FunctionName': a plain name/);
    expect(refusal("lambda:DeleteFunctionConcurrency", { FunctionName: "fn", Qualifier: "live" })).toMatch(
      /InvalidParameters: lambda:DeleteFunctionConcurrency/,
    );
    expect(
      refusal("lambda:PutFunctionConcurrency", { FunctionName: "fn", ReservedConcurrentExecutions: -1 }),
    ).toMatch(/ReservedConcurrentExecutions/);
  });
});

describe("dynamodb:UpdateTable", () => {
  it("switches to on-demand, or sets provisioned throughput (explicit PROVISIONED for the rollback)", async () => {
    mocks.dynamo.on(UpdateTableCommand).resolves({});
    await run("dynamodb-switch-to-on-demand", "dynamodb:UpdateTable", {
      TableName: "products",
      BillingMode: "PAY_PER_REQUEST",
    });
    await run("dynamodb-set-provisioned-capacity", "dynamodb:UpdateTable", {
      TableName: "products",
      ReadCapacityUnits: 200,
      WriteCapacityUnits: 100,
    });
    const inputs = mocks.dynamo.commandCalls(UpdateTableCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      { TableName: "products", BillingMode: "PAY_PER_REQUEST" },
      {
        TableName: "products",
        BillingMode: "PROVISIONED",
        ProvisionedThroughput: { ReadCapacityUnits: 200, WriteCapacityUnits: 100 },
      },
    ]);
  });

  it("refuses anything beyond capacity (schema, indexes, streams, deletion protection)", () => {
    expect(
      refusal("dynamodb:UpdateTable", {
        TableName: "products",
        BillingMode: "PAY_PER_REQUEST",
        DeletionProtectionEnabled: false,
      }),
    ).toMatch(/InvalidParameters: dynamodb:UpdateTable/);
    expect(refusal("dynamodb:UpdateTable", { TableName: "products", BillingMode: "PROVISIONED" })).toMatch(
      /InvalidParameters/,
    );
    expect(
      refusal("dynamodb:UpdateTable", { TableName: "products", ReadCapacityUnits: 0, WriteCapacityUnits: 5 }),
    ).toMatch(/InvalidParameters/);
  });

  it("translates AWS errors (a missing table is a not-found naming the table)", async () => {
    mocks.dynamo
      .on(UpdateTableCommand)
      .rejects(awsError("ResourceNotFoundException", "Requested resource not found"));
    const err = await run("dynamodb-switch-to-on-demand", "dynamodb:UpdateTable", {
      TableName: "products",
      BillingMode: "PAY_PER_REQUEST",
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsAdapterError);
    expect(err).toMatchObject({ kind: "not-found", action: "dynamodb:UpdateTable" });
    expect((err as Error).message).toMatch(/table products was not found in eu-west-1/);
  });
});

describe("sqs", () => {
  const urls: Record<string, string> = {
    orders: "https://sqs.eu-west-1.amazonaws.com/111122223333/orders",
    "orders-dlq": "https://sqs.eu-west-1.amazonaws.com/111122223333/orders-dlq",
  };
  const arn = (name: string) => `arn:aws:sqs:eu-west-1:111122223333:${name}`;
  beforeEach(() => {
    for (const [name, url] of Object.entries(urls)) {
      mocks.sqs.on(GetQueueUrlCommand, { QueueName: name }).resolves({ QueueUrl: url });
      mocks.sqs
        .on(GetQueueAttributesCommand, { QueueUrl: url })
        .resolves({ Attributes: { QueueArn: arn(name) } });
    }
  });

  it("sets the RedrivePolicy and nothing else", async () => {
    mocks.sqs.on(SetQueueAttributesCommand).resolves({});
    const execution = await run("sqs-move-poison-messages", "sqs:SetQueueAttributes", {
      QueueName: "orders",
      DeadLetterQueueName: "orders-dlq",
      maxReceiveCount: 3,
    });
    const input = mocks.sqs.commandCalls(SetQueueAttributesCommand)[0]?.args[0].input;
    expect(input?.QueueUrl).toBe(urls.orders);
    expect(Object.keys(input?.Attributes ?? {})).toEqual(["RedrivePolicy"]);
    expect(JSON.parse(input?.Attributes?.RedrivePolicy ?? "{}")).toEqual({
      deadLetterTargetArn: arn("orders-dlq"),
      maxReceiveCount: 3,
    });
    expect(execution.status).toBe("Success");
  });

  it("refuses any other attribute (retention, policy, visibility) and queue URLs or ARNs", () => {
    const base = { QueueName: "orders", DeadLetterQueueName: "orders-dlq", maxReceiveCount: 3 };
    for (const extra of [
      { MessageRetentionPeriod: "60" },
      { Policy: "{}" },
      { Attributes: { VisibilityTimeout: "0" } },
    ]) {
      expect(refusal("sqs:SetQueueAttributes", { ...base, ...extra })).toMatch(/InvalidParameters/);
    }
    expect(refusal("sqs:SetQueueAttributes", { ...base, QueueName: urls.orders })).toMatch(
      /parameter 'QueueName'/,
    );
  });

  it("starts a rate-limited move from the dead-letter queue back to its source and follows the task", async () => {
    mocks.sqs.on(StartMessageMoveTaskCommand).resolves({ TaskHandle: "handle-1" });
    const execution = await run("sqs-redrive-dead-letter-queue", "sqs:StartMessageMoveTask", {
      SourceQueueName: "orders",
      DeadLetterQueueName: "orders-dlq",
      MaxNumberOfMessagesPerSecond: 10,
    });
    expect(mocks.sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: arn("orders-dlq"),
      DestinationArn: arn("orders"),
      MaxNumberOfMessagesPerSecond: 10,
    });
    expect(execution.status).toBe("InProgress");
    const task = (Status: string, extra: Record<string, unknown> = {}) => ({
      Results: [
        {
          Status,
          SourceArn: arn("orders-dlq"),
          ApproximateNumberOfMessagesMoved: 4,
          ApproximateNumberOfMessagesToMove: 10,
          StartedTimestamp: NOW.getTime(),
          ...extra,
        },
      ],
    });
    mocks.sqs
      .on(ListMessageMoveTasksCommand)
      .resolvesOnce(task("RUNNING", { TaskHandle: "handle-1" }))
      .resolvesOnce(task("COMPLETED"))
      .resolvesOnce(task("FAILED", { FailureReason: "AccessDenied on destination" }));
    const automation = new AwsAutomation(clients, { clock: fakeClock() });
    expect(await automation.status(execution.executionId)).toMatchObject({
      status: "InProgress",
      output: "4/10 moved",
    });
    expect((await automation.status(execution.executionId)).status).toBe("Success");
    expect(await automation.status(execution.executionId)).toMatchObject({
      status: "Failed",
      output: "4/10 moved; AccessDenied on destination",
    });
    expect(mocks.sqs.commandCalls(ListMessageMoveTasksCommand)[0]?.args[0].input.SourceArn).toBe(
      arn("orders-dlq"),
    );
  });

  it("translates a missing queue into a not-found naming it", async () => {
    mocks.sqs.on(GetQueueUrlCommand, { QueueName: "gone" }).rejects(awsError("QueueDoesNotExist"));
    await expect(
      run("sqs-move-poison-messages", "sqs:SetQueueAttributes", {
        QueueName: "gone",
        DeadLetterQueueName: "orders-dlq",
        maxReceiveCount: 3,
      }),
    ).rejects.toThrow(/queue gone/);
    expect(mocks.sqs.commandCalls(SetQueueAttributesCommand)).toHaveLength(0);
  });
});

describe("ecs:UpdateService family forms", () => {
  it("forces a new deployment and follows the new PRIMARY deployment's rollout", async () => {
    mocks.ecs.on(UpdateServiceCommand).resolves({
      service: {
        deployments: [
          { id: "ecs-svc/2", status: "PRIMARY", rolloutState: "IN_PROGRESS", taskDefinition: "checkout:41" },
          { id: "ecs-svc/1", status: "ACTIVE", rolloutState: "COMPLETED", taskDefinition: "checkout:41" },
        ],
      },
    });
    const execution = await run("ecs-force-new-deployment", "ecs:UpdateService", {
      cluster: "prod",
      service: "checkout",
      forceNewDeployment: true,
    });
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
      cluster: "prod",
      service: "checkout",
      forceNewDeployment: true,
    });
    expect(execution.status).toBe("InProgress");
    expect(decodeExecutionId(execution.executionId)).toMatchObject({
      kind: "ecs",
      deploymentId: "ecs-svc/2",
    });
  });

  it("sets the desired count only", async () => {
    mocks.ecs.on(UpdateServiceCommand).resolves({ service: {} });
    const execution = await run("ecs-set-desired-count", "ecs:UpdateService", {
      cluster: "prod",
      service: "checkout",
      desiredCount: 6,
    });
    expect(mocks.ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
      cluster: "prod",
      service: "checkout",
      desiredCount: 6,
    });
    expect(execution.status).toBe("Success");
  });

  it("refuses mixed forms and anything else UpdateService could change", () => {
    const svc = { cluster: "prod", service: "checkout" };
    for (const bad of [
      { ...svc, forceNewDeployment: true, desiredCount: 3 },
      { ...svc, forceNewDeployment: true, taskDefinition: "checkout:1" },
      { ...svc, desiredCount: 3, taskDefinition: "checkout:1" },
      { ...svc, forceNewDeployment: false },
      { ...svc, desiredCount: 3, networkConfiguration: {} },
      { ...svc, taskDefinition: "checkout:1", enableExecuteCommand: true },
    ]) {
      expect(refusal("ecs:UpdateService", bad), JSON.stringify(bad)).toMatch(/InvalidParameters/);
    }
  });
});

describe("autoscaling:UpdateAutoScalingGroup", () => {
  it("sends MaxSize only", async () => {
    mocks.autoScaling.on(UpdateAutoScalingGroupCommand).resolves({});
    await run("asg-raise-max-size", "autoscaling:UpdateAutoScalingGroup", {
      AutoScalingGroupName: "web",
      MaxSize: 12,
    });
    expect(mocks.autoScaling.commandCalls(UpdateAutoScalingGroupCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: "web",
      MaxSize: 12,
    });
    expect(mocks.autoScaling.commandCalls(SetDesiredCapacityCommand)).toHaveLength(0);
  });

  it("refuses MinSize, DesiredCapacity, launch templates", () => {
    for (const extra of [
      { MinSize: 0 },
      { DesiredCapacity: 50 },
      { LaunchTemplate: { LaunchTemplateId: "lt-1" } },
    ]) {
      expect(
        refusal("autoscaling:UpdateAutoScalingGroup", { AutoScalingGroupName: "web", MaxSize: 12, ...extra }),
      ).toMatch(/InvalidParameters/);
    }
  });

  it("translates access denied into a message naming the IAM action", async () => {
    mocks.autoScaling
      .on(UpdateAutoScalingGroupCommand)
      .rejects(awsError("AccessDenied", "not authorized", 403));
    const err = await run("asg-raise-max-size", "autoscaling:UpdateAutoScalingGroup", {
      AutoScalingGroupName: "web",
      MaxSize: 12,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "access-denied" });
    expect((err as Error).message).toMatch(
      /Grant the responder's IAM role "autoscaling:UpdateAutoScalingGroup"/,
    );
  });
});

describe("ssm:PutParameter (revert)", () => {
  const history = (type: ParameterType = "String"): { Parameters: ParameterHistory[] } => ({
    Parameters: [
      { Name: "/checkout/pool", Version: 1, Value: "20", Type: type, Tier: "Standard", DataType: "text" },
      { Name: "/checkout/pool", Version: 2, Value: "2", Type: type, Tier: "Standard", DataType: "text" },
    ],
  });

  it("writes the chosen version's value as the newest, String only, Overwrite, without decrypting", async () => {
    mocks.ssm.on(GetParameterHistoryCommand).resolves(history());
    mocks.ssm.on(PutParameterCommand).resolves({ Version: 3 });
    const execution = await run("ssm-parameter-revert", "ssm:PutParameter", {
      Name: "/checkout/pool",
      RestoreVersion: "1",
    });
    expect(mocks.ssm.commandCalls(GetParameterHistoryCommand)[0]?.args[0].input).toMatchObject({
      Name: "/checkout/pool",
      WithDecryption: false,
    });
    expect(mocks.ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toEqual({
      Name: "/checkout/pool",
      Value: "20",
      Type: "String",
      Overwrite: true,
      Tier: "Standard",
      DataType: "text",
    });
    expect(execution.output).toMatch(/value of version 1 written as version 3/);
  });

  it("follows the history's pages", async () => {
    mocks.ssm
      .on(GetParameterHistoryCommand)
      .resolvesOnce({ Parameters: [history().Parameters[0]!], NextToken: "n" })
      .resolvesOnce({ Parameters: [history().Parameters[1]!] });
    mocks.ssm.on(PutParameterCommand).resolves({ Version: 3 });
    await run("ssm-parameter-revert", "ssm:PutParameter", { Name: "/checkout/pool", RestoreVersion: "1" });
    expect(mocks.ssm.commandCalls(GetParameterHistoryCommand)[1]?.args[0].input.NextToken).toBe("n");
  });

  it("refuses SecureString and StringList parameters and versions not in the history, writing nothing", async () => {
    for (const type of ["SecureString", "StringList"] as const) {
      mocks.ssm.on(GetParameterHistoryCommand).resolves(history(type));
      await expect(
        run("ssm-parameter-revert", "ssm:PutParameter", { Name: "/checkout/pool", RestoreVersion: "1" }),
      ).rejects.toThrow(new RegExp(`only String parameters are reverted \\(this one is ${type}\\)`));
    }
    mocks.ssm.on(GetParameterHistoryCommand).resolves(history());
    await expect(
      run("ssm-parameter-revert", "ssm:PutParameter", { Name: "/checkout/pool", RestoreVersion: "7" }),
    ).rejects.toThrow(/version 7 is not in the parameter's history/);
    expect(mocks.ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it("refuses a value, a type or an ARN in the request (the value comes from history only)", () => {
    expect(
      refusal("ssm:PutParameter", { Name: "/checkout/pool", RestoreVersion: "1", Value: "999" }),
    ).toMatch(/InvalidParameters/);
    expect(
      refusal("ssm:PutParameter", { Name: "/checkout/pool", RestoreVersion: "1", Type: "SecureString" }),
    ).toMatch(/InvalidParameters/);
    expect(
      refusal("ssm:PutParameter", {
        Name: "arn:aws:ssm:eu-west-1:999999999999:parameter/x",
        RestoreVersion: "1",
      }),
    ).toMatch(/parameter 'Name'/);
  });
});

describe("ec2:AuthorizeSecurityGroupIngress", () => {
  it("re-authorizes one rule from a CIDR or a source group", async () => {
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).resolves({ Return: true });
    await run("sg-restore-ingress-rule", "ec2:AuthorizeSecurityGroupIngress", {
      GroupId: "sg-0abc12345678",
      IpProtocol: "tcp",
      FromPort: 5432,
      ToPort: 5432,
      Source: "sg-0def12345678",
    });
    await run("sg-restore-ingress-rule", "ec2:AuthorizeSecurityGroupIngress", {
      GroupId: "sg-0abc12345678",
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      Source: "10.0.1.0/24",
    });
    const inputs = mocks.ec2.commandCalls(AuthorizeSecurityGroupIngressCommand).map((c) => c.args[0].input);
    expect(inputs).toEqual([
      {
        GroupId: "sg-0abc12345678",
        IpPermissions: [
          {
            IpProtocol: "tcp",
            FromPort: 5432,
            ToPort: 5432,
            UserIdGroupPairs: [{ GroupId: "sg-0def12345678" }],
          },
        ],
      },
      {
        GroupId: "sg-0abc12345678",
        IpPermissions: [
          { IpProtocol: "tcp", FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: "10.0.1.0/24" }] },
        ],
      },
    ]);
  });

  it("treats a repeat (the rule is already there) as done; other AWS errors are translated", async () => {
    const rule = {
      GroupId: "sg-0abc12345678",
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      Source: "10.0.1.0/24",
    };
    mocks.ec2.on(AuthorizeSecurityGroupIngressCommand).rejectsOnce(awsError("InvalidPermission.Duplicate"));
    expect((await run("sg-restore-ingress-rule", "ec2:AuthorizeSecurityGroupIngress", rule)).status).toBe(
      "Success",
    );
    mocks.ec2
      .on(AuthorizeSecurityGroupIngressCommand)
      .rejects(awsError("InvalidGroup.NotFound", "no such group"));
    await expect(
      run("sg-restore-ingress-rule", "ec2:AuthorizeSecurityGroupIngress", rule),
    ).rejects.toMatchObject({
      code: "InvalidGroup.NotFound",
      action: "ec2:AuthorizeSecurityGroupIngress",
    });
  });

  it("refuses the whole internet, wide ranges, all protocols, inverted ports and extra permissions", () => {
    const rule = {
      GroupId: "sg-0abc12345678",
      IpProtocol: "tcp",
      FromPort: 443,
      ToPort: 443,
      Source: "10.0.1.0/24",
    };
    for (const bad of [
      { ...rule, Source: "0.0.0.0/0" },
      { ...rule, Source: "10.0.0.0/8" },
      { ...rule, IpProtocol: "-1" },
      { ...rule, FromPort: 444, ToPort: 443 },
      { ...rule, IpPermissions: [{ IpProtocol: "-1" }] },
      { ...rule, GroupId: "sg-*" },
    ]) {
      expect(refusal("ec2:AuthorizeSecurityGroupIngress", bad), JSON.stringify(bad)).toMatch(
        /InvalidParameters/,
      );
    }
  });
});

describe("operations without a live executor", () => {
  it("stay refused as UnsupportedOperation before any call", () => {
    for (const op of ["appconfig:StartDeployment", "wafv2:UpdateIPSet", "iam:AttachRolePolicy"]) {
      expect(refusal(op, {})).toMatch(new RegExp(`UnsupportedOperation: ${op}`));
    }
  });
});
