/**
 * `air doctor --aws` against mocked AWS clients: a healthy deployment passes every check; each piece of
 * broken wiring (stack rolled back, worker trigger disabled, topic CloudWatch cannot publish to, audit bucket
 * that allows deletes, no reserved concurrency, no permission to look) is one ✗ line saying what to do.
 */
import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  DescribeStacksCommand,
} from "@aws-sdk/client-cloudformation";
import {
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListEventSourceMappingsCommand,
} from "@aws-sdk/client-lambda";
import { GetBucketPolicyCommand, S3Client } from "@aws-sdk/client-s3";
import { GetTopicAttributesCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { runDoctor } from "./doctor.js";

const cfn = mockClient(CloudFormationClient);
const lambda = mockClient(LambdaClient);
const sns = mockClient(SNSClient);
const s3 = mockClient(S3Client);
const bedrock = mockClient(BedrockRuntimeClient);
const region = "eu-west-1";
const creds = { region, credentials: { accessKeyId: "a", secretAccessKey: "b" } };
const TOPIC = "arn:aws:sns:eu-west-1:111122223333:air-notify";
const MODEL = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";

const topicPolicy = (principal: string) =>
  JSON.stringify({
    Statement: [
      {
        Effect: "Deny",
        Principal: "*",
        Action: "sns:Publish",
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
      { Effect: "Allow", Principal: { Service: principal }, Action: "sns:Publish" },
    ],
  });

function healthy(): void {
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: "AirResponder",
        StackStatus: "UPDATE_COMPLETE",
        CreationTime: new Date(),
        Outputs: [
          { OutputKey: "NotificationsTopicArn", OutputValue: TOPIC },
          { OutputKey: "AuditBucketName", OutputValue: "air-audit" },
        ],
      },
    ],
  });
  cfn.on(DescribeStackResourcesCommand).resolves({
    StackResources: ["air-worker", "air-approval"].map((name) => ({
      LogicalResourceId: name,
      PhysicalResourceId: name,
      ResourceType: "AWS::Lambda::Function",
      ResourceStatus: "CREATE_COMPLETE",
      Timestamp: new Date(),
    })),
  });
  lambda.on(GetFunctionConfigurationCommand, { FunctionName: "air-worker" }).resolves({
    State: "Active",
    Description: "air worker: runs the incident graph",
    Environment: { Variables: { AIR_BEDROCK_MODEL_ID: MODEL } },
  });
  lambda
    .on(GetFunctionConfigurationCommand, { FunctionName: "air-approval" })
    .resolves({ State: "Active", Description: "air approval: the approval page" });
  lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ State: "Enabled" }] });
  lambda.on(GetFunctionConcurrencyCommand).resolves({ ReservedConcurrentExecutions: 5 });
  sns
    .on(GetTopicAttributesCommand)
    .resolves({ Attributes: { Policy: topicPolicy("cloudwatch.amazonaws.com") } });
  s3.on(GetBucketPolicyCommand).resolves({
    Policy: JSON.stringify({
      Statement: [{ Effect: "Deny", Principal: "*", Action: ["s3:DeleteObject", "s3:DeleteObjectVersion"] }],
    }),
  });
  bedrock.on(ConverseCommand).resolves({
    output: { message: { role: "assistant", content: [{ text: "ok" }] } },
    stopReason: "end_turn",
    usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 },
    metrics: { latencyMs: 1 },
  });
}

async function doctorAws() {
  let out = "";
  const result = await runDoctor({
    style: (_: unknown, text: string) => text,
    timeoutMs: 2_000,
    bedrockClient: new BedrockRuntimeClient(creds),
    aws: {
      stackName: "AirResponder",
      region,
      clients: {
        cloudFormation: new CloudFormationClient(creds),
        lambda: new LambdaClient(creds),
        sns: new SNSClient(creds),
        s3: new S3Client(creds),
      },
    },
    write: (text) => {
      out += text;
    },
  });
  return { ...result, lines: out.trim().split("\n") };
}

beforeEach(() => {
  for (const m of [cfn, lambda, sns, s3, bedrock]) m.reset();
  healthy();
});

describe("air doctor --aws", () => {
  it("passes on a healthy deployment, including a one-token call to the worker's model", async () => {
    const { exitCode, lines } = await doctorAws();
    expect(lines.filter((l) => l.startsWith("✗"))).toEqual([]);
    expect(lines).toContain("✓ stack      AirResponder in eu-west-1: UPDATE_COMPLETE");
    expect(lines.some((l) => l.includes(`CloudWatch alarms may publish to ${TOPIC}`))).toBe(true);
    expect(lines.some((l) => /^✓ model/.test(l))).toBe(true);
    expect(bedrock.commandCalls(ConverseCommand)[0]?.args[0].input.modelId).toBe(MODEL);
    expect(exitCode).toBe(0);
  });

  it("names each broken piece of wiring and what to do", async () => {
    lambda.on(ListEventSourceMappingsCommand).resolves({ EventSourceMappings: [{ State: "Disabled" }] });
    lambda.on(GetFunctionConcurrencyCommand).resolves({});
    sns
      .on(GetTopicAttributesCommand)
      .resolves({ Attributes: { Policy: topicPolicy("events.amazonaws.com") } });
    s3.on(GetBucketPolicyCommand).resolves({ Policy: JSON.stringify({ Statement: [] }) });
    const { exitCode, lines } = await doctorAws();
    const failed = lines.filter((l) => l.startsWith("✗"));
    expect(failed).toEqual([
      expect.stringMatching(/worker-sqs .*no enabled SQS trigger.*enable its event source mapping/),
      expect.stringMatching(/approval .*no reserved concurrency: set air:approvalReservedConcurrency/),
      expect.stringMatching(/topic .*does not let CloudWatch publish/),
      expect.stringMatching(/audit .*does not deny s3:DeleteObject/),
    ]);
    expect(exitCode).toBe(1);
  });

  it("checks the worker's change feed scope (AIR_CHANGE_FEED) and says what a bad one breaks", async () => {
    let r = await doctorAws();
    expect(r.lines.some((l) => /^✓ change-feed .*set air:changeFeed/.test(l))).toBe(true);
    const feed = {
      checkout: { resourceIds: ["sg-0123456789abcdef0"], appConfigEnvironments: ["abc1234/env5678"] },
    };
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: "air-worker" }).resolves({
      State: "Active",
      Description: "air worker: runs the incident graph",
      Environment: { Variables: { AIR_BEDROCK_MODEL_ID: MODEL, AIR_CHANGE_FEED: JSON.stringify(feed) } },
    });
    r = await doctorAws();
    expect(
      r.lines.some((l) =>
        /^✓ change-feed .*1 service\(s\): 0 parameter\(s\), 1 other resource id\(s\), 1 AppConfig/.test(l),
      ),
    ).toBe(true);
    lambda.on(GetFunctionConfigurationCommand, { FunctionName: "air-worker" }).resolves({
      State: "Active",
      Description: "air worker: runs the incident graph",
      Environment: { Variables: { AIR_CHANGE_FEED: '{"checkout":{"appConfigEnvironments":["shop"]}}' } },
    });
    r = await doctorAws();
    expect(
      r.lines.some((l) => /^✗ change-feed .*AIR_CHANGE_FEED at 'checkout.appConfigEnvironments.0'/.test(l)),
    ).toBe(true);
  });

  it("a rolled-back stack or missing permission stops with a clear line", async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        { StackName: "AirResponder", StackStatus: "UPDATE_ROLLBACK_COMPLETE", CreationTime: new Date() },
      ],
    });
    let r = await doctorAws();
    expect(r.lines).toContain(
      "✗ stack      AirResponder in eu-west-1: UPDATE_ROLLBACK_COMPLETE; fix the deployment (cdk deploy) before anything else",
    );
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDenied", $metadata: {} }));
    r = await doctorAws();
    expect(r.lines.some((l) => /^✗ stack .*your credentials may not read it/.test(l))).toBe(true);
    expect(r.exitCode).toBe(1);
  });
});
