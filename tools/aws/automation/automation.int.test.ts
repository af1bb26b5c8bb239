/** Run Command and API idempotency through the DynamoDB token table, on dynalite (AWS calls mocked). */
import { AppConfigClient } from "@aws-sdk/client-appconfig";
import { AutoScalingClient, SetDesiredCapacityCommand } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { DescribeServicesCommand, ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient, UpdateAliasCommand } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { GetCommandInvocationCommand, SendCommandCommand, SSMClient } from "@aws-sdk/client-ssm";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import type { AutomationRequest } from "../../domain/index.js";
import { type LocalServer, localAwsClientConfig, startLocalDynamo } from "../../local-aws/servers.js";
import { awsError, fakeClock, TEST_CLIENT_CONFIG } from "../test-support.js";
import { AwsAutomation } from "./automation.js";
import { APPROVED_SCRIPTS } from "./scripts.js";
import { createAutomationTokenTable, TokenStore } from "./token-store.js";

const ssm = mockClient(SSMClient);
const ecs = mockClient(ECSClient);
const lambda = mockClient(LambdaClient);
const asg = mockClient(AutoScalingClient);
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

let dynamo: LocalServer;
let doc: DynamoDBDocumentClient;
let tokens: TokenStore;
let n = 0;
const token = () => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;
const worker = () => new AwsAutomation(clients, { tokens, clock: fakeClock(), claimWaitMs: 2_000 });

const cleanup = (clientToken: string): AutomationRequest => ({
  actionId: "ec2-cleanup-rotated-logs",
  executor: { type: "run-command", document: "AWS-RunShellScript", scriptId: "cleanup-rotated-logs" },
  parameters: { InstanceId: "i-0abc12345678" },
  clientToken,
});

beforeAll(async () => {
  dynamo = await startLocalDynamo();
  const client = new DynamoDBClient(localAwsClientConfig(dynamo.endpoint));
  await createAutomationTokenTable(client, "air-tokens");
  doc = DynamoDBDocumentClient.from(client);
  tokens = new TokenStore(doc, "air-tokens");
});
afterAll(async () => {
  doc?.destroy();
  await dynamo?.stop();
});
beforeEach(() => {
  for (const m of [ssm, ecs, lambda, asg]) m.reset();
});

describe("run-command through the token table", () => {
  it("sends the approved script once per token, with nothing from the parameters in it", async () => {
    let sent = 0;
    ssm.on(SendCommandCommand).callsFake(async () => {
      sent++;
      await new Promise((r) => setTimeout(r, 20));
      return { Command: { CommandId: `cmd-${sent}`, RequestedDateTime: new Date("2026-03-01T12:00:00Z") } };
    });
    ssm.on(GetCommandInvocationCommand).resolves({ Status: "InProgress" });
    const t = token();
    // Two workers race for the same token; a third asks again later (and gets the execution's status).
    // The loser waits (real clock) for the winner to record its command id.
    const racer = () => new AwsAutomation(clients, { tokens });
    const [a, b] = await Promise.all([racer().start(cleanup(t)), racer().start(cleanup(t))]);
    const c = await worker().start(cleanup(t));
    expect(sent).toBe(1);
    expect(a.executionId).toBe("run-command:ec2-cleanup-rotated-logs:1772366400000:cmd-1:i-0abc12345678");
    expect(b.executionId).toBe(a.executionId);
    expect(c.executionId).toBe(a.executionId);
    const input = ssm.commandCalls(SendCommandCommand)[0]?.args[0].input;
    expect(input?.DocumentName).toBe("AWS-RunShellScript");
    expect(input?.InstanceIds).toEqual(["i-0abc12345678"]);
    expect(input?.Parameters?.["commands"]).toEqual([
      ...(APPROVED_SCRIPTS["cleanup-rotated-logs"]?.commands ?? []),
    ]);
    expect(input?.Parameters?.["commands"]?.join("\n")).not.toContain("i-0abc12345678");
    expect(await tokens.get(t)).toMatchObject({ state: "started", executionId: a.executionId });
  });

  it("maps the command invocation's status", async () => {
    ssm.on(GetCommandInvocationCommand).rejectsOnce(awsError("InvocationDoesNotExist")).resolves({
      Status: "Success",
      StatusDetails: "Success",
      StandardOutputContent: "air: deleted 12 rotated file(s)\n",
      ExecutionEndDateTime: "2026-03-01T12:00:30.000Z",
    });
    const id = "run-command:ec2-cleanup-rotated-logs:1772366400000:cmd-1:i-0abc12345678";
    expect((await worker().status(id)).status).toBe("Pending");
    expect(await worker().status(id)).toEqual({
      executionId: id,
      actionId: "ec2-cleanup-rotated-logs",
      status: "Success",
      startedAt: "2026-03-01T12:00:00.000Z",
      endedAt: "2026-03-01T12:00:30.000Z",
      output: "air: deleted 12 rotated file(s)\n",
    });
  });

  it("releases the token after a transient failure so a retry can send", async () => {
    const t = token();
    ssm
      .on(SendCommandCommand)
      .rejectsOnce(awsError("ThrottlingException", "Rate exceeded", 400, 5))
      .resolves({ Command: { CommandId: "cmd-retry" } });
    await expect(worker().start(cleanup(t))).rejects.toThrow(/throttled/);
    expect(await tokens.get(t)).toBeUndefined();
    expect((await worker().start(cleanup(t))).executionId).toContain("cmd-retry");
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(2);
  });

  it("records a refused send: the same token gets the same Failed execution, in any worker", async () => {
    const t = token();
    ssm
      .on(SendCommandCommand)
      .rejects(
        awsError("InvalidInstanceId", "Instances [[i-0abc12345678]] not in a valid state for account"),
      );
    const first = await worker().start(cleanup(t));
    expect(first.status).toBe("Failed");
    expect(first.output).toContain("InvalidInstanceId");
    const again = await worker().start(cleanup(t));
    expect(again).toMatchObject({ executionId: first.executionId, status: "Failed", output: first.output });
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(1);
  });

  it("gives up with a clear message when another worker holds the token without recording an execution", async () => {
    const t = token();
    const { requestHash } = await import("./token-store.js");
    await tokens.claim(t, "ec2-cleanup-rotated-logs", requestHash(cleanup(t)), new Date());
    await expect(worker().start(cleanup(t))).rejects.toThrow(
      /another worker claimed client token .* has not recorded an execution yet/,
    );
    expect(ssm.commandCalls(SendCommandCommand)).toHaveLength(0);
  });

  it("refuses the same token for a different request", async () => {
    const t = token();
    ssm.on(SendCommandCommand).resolves({ Command: { CommandId: "cmd-x" } });
    ssm.on(GetCommandInvocationCommand).resolves({ Status: "Pending" });
    await worker().start(cleanup(t));
    const other = { ...cleanup(t), parameters: { InstanceId: "i-0fff12345678" } };
    await expect(worker().start(other)).rejects.toThrow(/IdempotentParameterMismatch/);
  });
});

describe("api calls through the token table", () => {
  it("rolls an ECS service back once per token and reports the deployment", async () => {
    ecs.on(UpdateServiceCommand).resolves({
      service: {
        deployments: [
          {
            id: "ecs-svc/77",
            status: "PRIMARY",
            taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/checkout:41",
            rolloutState: "IN_PROGRESS",
            createdAt: new Date("2026-03-01T12:00:05Z"),
          },
          {
            id: "ecs-svc/76",
            status: "ACTIVE",
            taskDefinition: "arn:aws:ecs:eu-west-1:1:task-definition/checkout:42",
          },
        ],
      },
    });
    ecs.on(DescribeServicesCommand).resolves({
      services: [
        {
          deployments: [
            {
              id: "ecs-svc/77",
              status: "PRIMARY",
              rolloutState: "IN_PROGRESS",
              createdAt: new Date("2026-03-01T12:00:05Z"),
            },
          ],
        },
      ],
    });
    const request: AutomationRequest = {
      actionId: "ecs-rollback-service",
      executor: { type: "api", operation: "ecs:UpdateService" },
      parameters: { cluster: "prod", service: "checkout", taskDefinition: "checkout:41" },
      clientToken: token(),
    };
    const racer = () => new AwsAutomation(clients, { tokens });
    const [a, b] = await Promise.all([racer().start(request), racer().start(request)]);
    expect(ecs.commandCalls(UpdateServiceCommand)).toHaveLength(1);
    expect(ecs.commandCalls(UpdateServiceCommand)[0]?.args[0].input).toEqual({
      cluster: "prod",
      service: "checkout",
      taskDefinition: "checkout:41",
    });
    expect(a).toMatchObject({
      executionId: "ecs:ecs-rollback-service:prod:checkout:ecs-svc%2F77",
      status: "InProgress",
      startedAt: "2026-03-01T12:00:05.000Z",
    });
    expect(b.executionId).toBe(a.executionId);
  });

  it("points a Lambda alias back (clearing canary weights) and sets ASG capacity, each once", async () => {
    lambda.on(UpdateAliasCommand).resolves({});
    asg.on(SetDesiredCapacityCommand).resolves({});
    const alias: AutomationRequest = {
      actionId: "lambda-rollback-alias",
      executor: { type: "api", operation: "lambda:UpdateAlias" },
      parameters: { functionName: "checkout-fn", alias: "live", version: "7" },
      clientToken: token(),
    };
    const capacity: AutomationRequest = {
      actionId: "asg-set-desired-capacity",
      executor: { type: "api", operation: "autoscaling:SetDesiredCapacity" },
      parameters: { AutoScalingGroupName: "web-asg", DesiredCapacity: 4 },
      clientToken: token(),
    };
    for (const r of [alias, alias, capacity, capacity])
      expect((await worker().start(r)).status).toBe("Success");
    expect(lambda.commandCalls(UpdateAliasCommand)).toHaveLength(1);
    expect(lambda.commandCalls(UpdateAliasCommand)[0]?.args[0].input).toEqual({
      FunctionName: "checkout-fn",
      Name: "live",
      FunctionVersion: "7",
      RoutingConfig: { AdditionalVersionWeights: {} },
    });
    expect(asg.commandCalls(SetDesiredCapacityCommand)).toHaveLength(1);
    expect(asg.commandCalls(SetDesiredCapacityCommand)[0]?.args[0].input).toEqual({
      AutoScalingGroupName: "web-asg",
      DesiredCapacity: 4,
      HonorCooldown: false,
    });
  });
});
