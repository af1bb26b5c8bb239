import { SetDesiredCapacityCommand, UpdateAutoScalingGroupCommand } from "@aws-sdk/client-auto-scaling";
import { UpdateTableCommand } from "@aws-sdk/client-dynamodb";
import { AuthorizeSecurityGroupIngressCommand } from "@aws-sdk/client-ec2";
import { UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { DeleteFunctionConcurrencyCommand, PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import { awsError } from "../test-support.js";
import { decodeExecutionId } from "./execution-id.js";
import { mocks, NOW, refusal, resetMocks, run } from "./test-support.js";

beforeEach(resetMocks);

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

describe("operations the catalogue does not name", () => {
  it("stay refused as UnsupportedOperation before any call (wider IAM and WAF writes included)", () => {
    for (const op of [
      "iam:PutRolePolicy",
      "iam:DetachRolePolicy",
      "wafv2:DeleteIPSet",
      "appconfig:StopDeployment",
    ]) {
      expect(refusal(op, {})).toMatch(new RegExp(`UnsupportedOperation: ${op}`));
    }
  });
});
