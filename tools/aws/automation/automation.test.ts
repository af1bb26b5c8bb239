import { AppConfigClient } from "@aws-sdk/client-appconfig";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  DescribeAutomationExecutionsCommand,
  GetAutomationExecutionCommand,
  ListTagsForResourceCommand,
  SendCommandCommand,
  SSMClient,
  StartAutomationExecutionCommand,
} from "@aws-sdk/client-ssm";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import type { AutomationRequest } from "../../domain/index.js";
import { awsError, fakeClock, TEST_CLIENT_CONFIG } from "../test-support.js";
import { AwsAutomation } from "./automation.js";
import { decodeExecutionId, encodeExecutionId } from "./execution-id.js";
import { automationStatus, tokenTagKey } from "./ssm-automation.js";
import { requestHash } from "./token-store.js";

const ssm = mockClient(SSMClient);
const ecs = mockClient(ECSClient);
const clients = {
  ssm: new SSMClient(TEST_CLIENT_CONFIG),
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  dynamo: new DynamoDBClient(TEST_CLIENT_CONFIG),
  sqs: new SQSClient(TEST_CLIENT_CONFIG),
  ec2: new EC2Client(TEST_CLIENT_CONFIG),
  appConfig: new AppConfigClient(TEST_CLIENT_CONFIG),
  wafv2: new WAFV2Client(TEST_CLIENT_CONFIG),
  iam: new IAMClient(TEST_CLIENT_CONFIG),
};
const TOKEN = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const restart: AutomationRequest = {
  actionId: "ec2-restart-instance",
  executor: { type: "ssm-automation", document: "AWS-RestartEC2Instance" },
  parameters: { InstanceId: "i-0abc12345678" },
  clientToken: TOKEN,
};
const cleanup = (
  parameters: Record<string, unknown>,
  scriptId = "cleanup-rotated-logs",
): AutomationRequest => ({
  actionId: "ec2-cleanup-rotated-logs",
  executor: { type: "run-command", document: "AWS-RunShellScript", scriptId },
  parameters,
  clientToken: TOKEN,
});

beforeEach(() => {
  ssm.reset();
  ecs.reset();
});

describe("ssm-automation", () => {
  it("starts the runbook with the ClientToken and string-list parameters", async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: "ae-1" });
    const clock = fakeClock();
    const execution = await new AwsAutomation(clients, {
      clock,
      automationAssumeRoleArn: "arn:aws:iam::1:role/ssm",
    }).start(restart);
    expect(execution).toEqual({
      executionId: "ssm-automation:ec2-restart-instance:ae-1",
      actionId: "ec2-restart-instance",
      status: "InProgress",
      startedAt: "2026-03-01T12:00:00.000Z",
    });
    const input = ssm.commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input;
    expect(input).toMatchObject({
      DocumentName: "AWS-RestartEC2Instance",
      ClientToken: TOKEN,
      Parameters: { InstanceId: ["i-0abc12345678"], AutomationAssumeRole: ["arn:aws:iam::1:role/ssm"] },
    });
    expect(input?.Tags).toContainEqual({ Key: tokenTagKey(TOKEN), Value: requestHash(restart) });
  });

  it("passes the role the stack made for this document (AIR_SSM_AUTOMATION_ROLES) as AutomationAssumeRole", async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: "ae-1" });
    await new AwsAutomation(clients, {
      clock: fakeClock(),
      automationAssumeRoleArn: "arn:aws:iam::1:role/fallback",
      automationRoles: {
        "AWS-RestartEC2Instance": "arn:aws:iam::1:role/restart",
        "AWS-ResizeInstance": "arn:aws:iam::1:role/resize",
      },
    }).start(restart);
    const input = ssm.commandCalls(StartAutomationExecutionCommand)[0]?.args[0].input;
    expect(input?.Parameters?.AutomationAssumeRole).toEqual(["arn:aws:iam::1:role/restart"]);
  });

  it("returns the first execution for a repeated token with one SSM start", async () => {
    ssm.on(StartAutomationExecutionCommand).resolves({ AutomationExecutionId: "ae-1" });
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        AutomationExecutionStatus: "InProgress",
        ExecutionStartTime: new Date("2026-03-01T12:00:01Z"),
      },
    });
    const automation = new AwsAutomation(clients);
    const first = await automation.start(restart);
    const again = await automation.start({ ...restart, parameters: { InstanceId: "i-0abc12345678" } });
    expect(again.executionId).toBe(first.executionId);
    expect(ssm.commandCalls(StartAutomationExecutionCommand)).toHaveLength(1);
    await expect(
      automation.start({ ...restart, parameters: { InstanceId: "i-0fff12345678" } }),
    ).rejects.toThrow(/IdempotentParameterMismatch: client token/);
  });

  it("finds the first execution by its token tag when SSM refuses the reused token (another worker)", async () => {
    ssm
      .on(StartAutomationExecutionCommand)
      .rejects(awsError("IdempotentParameterMismatch", "ClientToken already used"));
    ssm
      .on(DescribeAutomationExecutionsCommand)
      .resolves({ AutomationExecutionMetadataList: [{ AutomationExecutionId: "ae-first" }] });
    ssm
      .on(ListTagsForResourceCommand)
      .resolves({ TagList: [{ Key: tokenTagKey(TOKEN), Value: requestHash(restart) }] });
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        AutomationExecutionStatus: "Success",
        ExecutionStartTime: new Date("2026-03-01T11:00:00Z"),
        ExecutionEndTime: new Date("2026-03-01T11:03:00Z"),
      },
    });
    const execution = await new AwsAutomation(clients).start(restart);
    expect(execution).toMatchObject({
      executionId: "ssm-automation:ec2-restart-instance:ae-first",
      status: "Success",
      endedAt: "2026-03-01T11:03:00.000Z",
    });
    expect(ssm.commandCalls(DescribeAutomationExecutionsCommand)[0]?.args[0].input.Filters).toEqual([
      { Key: "TagKey", Values: [tokenTagKey(TOKEN)] },
    ]);
  });

  it("starts untagged when the role may not tag (ClientToken still guards)", async () => {
    ssm
      .on(StartAutomationExecutionCommand)
      .rejectsOnce(awsError("AccessDeniedException", "not authorized to perform: ssm:AddTagsToResource"))
      .resolves({ AutomationExecutionId: "ae-untagged" });
    const execution = await new AwsAutomation(clients).start(restart);
    expect(execution.executionId).toBe("ssm-automation:ec2-restart-instance:ae-untagged");
    const calls = ssm.commandCalls(StartAutomationExecutionCommand);
    expect(calls[1]?.args[0].input.Tags).toBeUndefined();
    expect(calls[1]?.args[0].input.ClientToken).toBe(TOKEN);
  });

  it("maps SSM's statuses and reports the failure message", async () => {
    expect(
      [
        "Pending",
        "Waiting",
        "Success",
        "CompletedWithFailure",
        "Cancelled",
        "TimedOut",
        "PendingApproval",
      ].map(automationStatus),
    ).toEqual(["Pending", "InProgress", "Success", "Failed", "Cancelled", "TimedOut", "Pending"]);
    ssm.on(GetAutomationExecutionCommand).resolves({
      AutomationExecution: {
        AutomationExecutionStatus: "Failed",
        FailureMessage: "Step stopInstances failed",
        ExecutionStartTime: new Date(0),
      },
    });
    const status = await new AwsAutomation(clients).status("ssm-automation:ec2-restart-instance:ae-9");
    expect(status).toMatchObject({
      executionId: "ssm-automation:ec2-restart-instance:ae-9",
      actionId: "ec2-restart-instance",
      status: "Failed",
      output: "Step stopInstances failed",
    });
  });

  it("turns a refused start into a Failed execution that says why, and rethrows throttling", async () => {
    ssm.on(StartAutomationExecutionCommand).rejects(awsError("AccessDeniedException", "not authorized"));
    const automation = new AwsAutomation(clients, { clock: fakeClock() });
    const refused = await automation.start(restart);
    expect(refused.status).toBe("Failed");
    expect(refused.output).toContain('Grant the responder\'s IAM role "ssm:StartAutomationExecution"');
    expect(await automation.status(refused.executionId)).toEqual(refused);
    ssm.on(StartAutomationExecutionCommand).rejects(awsError("ThrottlingException", "Rate exceeded", 400, 5));
    await expect(
      new AwsAutomation(clients).start({ ...restart, clientToken: "7f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b" }),
    ).rejects.toThrow(/still throttled after 5 attempt/);
  });

  it("rejects malformed requests like the simulated account", async () => {
    await expect(new AwsAutomation(clients).start({ ...restart, clientToken: "not-a-uuid" })).rejects.toThrow(
      /ValidationException: invalid automation request at 'clientToken'/,
    );
  });
});

describe("run-command allowlist", () => {
  it("refuses an unknown script without calling SSM or the token table", async () => {
    const execution = await new AwsAutomation(clients).start(
      cleanup({ InstanceId: "i-0abc12345678" }, "rm-everything"),
    );
    expect(execution.status).toBe("Failed");
    expect(execution.output).toMatch(
      /UnknownScript: script 'rm-everything' is not in the approved script list/,
    );
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it("refuses parameters the script does not take and target ids that are not instance ids", async () => {
    const automation = new AwsAutomation(clients);
    const extra = await automation.start(cleanup({ InstanceId: "i-0abc12345678", path: "/; rm -rf /" }));
    expect(extra.output).toMatch(/UnexpectedParameter: .* refused path/);
    const bad = await automation.start(cleanup({ InstanceId: "i-0abc; reboot" }));
    expect(bad.output).toMatch(/InvalidInstanceId/);
    const doc = await automation.start({
      ...cleanup({ InstanceId: "i-0abc12345678" }),
      executor: {
        type: "run-command",
        document: "AWS-RunPowerShellScript",
        scriptId: "cleanup-rotated-logs",
      },
    });
    expect(doc.output).toMatch(/InvalidDocument/);
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it("needs the token table for Run Command", async () => {
    await expect(new AwsAutomation(clients).start(cleanup({ InstanceId: "i-0abc12345678" }))).rejects.toThrow(
      /need the automation token table/,
    );
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });
});

describe("api calls", () => {
  it("refuses operations and parameters it does not support", async () => {
    const automation = new AwsAutomation(clients);
    const op = await automation.start({
      actionId: "x",
      executor: { type: "api", operation: "ec2:TerminateInstances" },
      parameters: {},
      clientToken: TOKEN,
    });
    expect(op.output).toMatch(/UnsupportedOperation: ec2:TerminateInstances/);
    const version = await automation.start({
      actionId: "lambda-rollback-alias",
      executor: { type: "api", operation: "lambda:UpdateAlias" },
      parameters: { functionName: "fn", alias: "live", version: "$LATEST" },
      clientToken: TOKEN,
    });
    expect(version.output).toMatch(/parameter 'version': a published version number/);
  });

  it("follows an ECS rollback's deployment to completion, failure or supersession", async () => {
    const automation = new AwsAutomation(clients);
    const id = encodeExecutionId({
      kind: "ecs",
      actionId: "ecs-rollback-service",
      cluster: "prod",
      service: "checkout",
      deploymentId: "ecs-svc/9",
    });
    const deployment = (rolloutState: "IN_PROGRESS" | "COMPLETED" | "FAILED") => ({
      services: [
        {
          deployments: [
            {
              id: "ecs-svc/9",
              status: "PRIMARY",
              taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/checkout:41",
              rolloutState,
              runningCount: 2,
              desiredCount: 4,
              createdAt: new Date(0),
              updatedAt: new Date(60_000),
            },
          ],
        },
      ],
    });
    ecs
      .on(DescribeServicesCommand)
      .resolvesOnce(deployment("IN_PROGRESS"))
      .resolvesOnce(deployment("COMPLETED"))
      .resolvesOnce(deployment("FAILED"));
    expect((await automation.status(id)).status).toBe("InProgress");
    expect(await automation.status(id)).toMatchObject({
      status: "Success",
      endedAt: "1970-01-01T00:01:00.000Z",
      output: "checkout:41: 2/4 running",
    });
    expect((await automation.status(id)).status).toBe("Failed");
    ecs.on(DescribeServicesCommand).resolves({
      services: [{ deployments: [{ id: "ecs-svc/10", status: "PRIMARY", taskDefinition: "checkout:43" }] }],
    });
    expect(await automation.status(id)).toMatchObject({
      status: "Cancelled",
      output: expect.stringContaining("superseded by ecs-svc/10"),
    });
  });

  it("reports alias and capacity changes as done", async () => {
    const automation = new AwsAutomation(clients);
    const id = encodeExecutionId({
      kind: "autoscaling",
      actionId: "asg-set-desired-capacity",
      startedMs: 0,
      group: "web-asg",
      desired: 4,
    });
    expect(await automation.status(id)).toMatchObject({
      status: "Success",
      startedAt: "1970-01-01T00:00:00.000Z",
      endedAt: "1970-01-01T00:00:00.000Z",
    });
  });
});

describe("execution ids", () => {
  it("round-trip with awkward characters and accept bare SSM ids", () => {
    const ref = {
      kind: "ecs" as const,
      actionId: "a",
      cluster: "arn:aws:ecs:x:1:cluster/prod",
      service: "svc",
      deploymentId: "ecs-svc/123",
    };
    expect(decodeExecutionId(encodeExecutionId(ref))).toEqual(ref);
    expect(decodeExecutionId("0d3b7c5e-1111-4222-8333-944455556666")).toMatchObject({
      kind: "ssm-automation",
      automationId: "0d3b7c5e-1111-4222-8333-944455556666",
    });
    expect(() => decodeExecutionId("what:is:this")).toThrow(AwsAdapterError);
  });
});
