import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SetQueueAttributesCommand,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import {
  GetParameterHistoryCommand,
  type ParameterHistory,
  type ParameterType,
  PutParameterCommand,
} from "@aws-sdk/client-ssm";
import { awsError, fakeClock } from "../test-support.js";
import { AwsAutomation } from "./automation.js";
import { clients, mocks, NOW, refusal, resetMocks, run } from "./test-support.js";

beforeEach(resetMocks);

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
