/** Shared set-up of the family API call tests: mocked clients, a request runner, a refusal reader. */
import { AppConfigClient } from "@aws-sdk/client-appconfig";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { ECSClient } from "@aws-sdk/client-ecs";
import { IAMClient } from "@aws-sdk/client-iam";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import { WAFV2Client } from "@aws-sdk/client-wafv2";
import { mockClient } from "aws-sdk-client-mock";
import { expect } from "vitest";
import { AwsAdapterError } from "../../aws-shared/errors.js";
import type { AutomationRequest } from "../../domain/index.js";
import { TEST_CLIENT_CONFIG } from "../test-support.js";
import { callApi, checkApiCall } from "./api-calls.js";

export const mocks = {
  lambda: mockClient(LambdaClient),
  dynamo: mockClient(DynamoDBClient),
  sqs: mockClient(SQSClient),
  ecs: mockClient(ECSClient),
  autoScaling: mockClient(AutoScalingClient),
  ssm: mockClient(SSMClient),
  ec2: mockClient(EC2Client),
  appConfig: mockClient(AppConfigClient),
  wafv2: mockClient(WAFV2Client),
  iam: mockClient(IAMClient),
};
export const clients = {
  lambda: new LambdaClient(TEST_CLIENT_CONFIG),
  dynamo: new DynamoDBClient(TEST_CLIENT_CONFIG),
  sqs: new SQSClient(TEST_CLIENT_CONFIG),
  ecs: new ECSClient(TEST_CLIENT_CONFIG),
  autoScaling: new AutoScalingClient(TEST_CLIENT_CONFIG),
  ssm: new SSMClient(TEST_CLIENT_CONFIG),
  ec2: new EC2Client(TEST_CLIENT_CONFIG),
  appConfig: new AppConfigClient(TEST_CLIENT_CONFIG),
  wafv2: new WAFV2Client(TEST_CLIENT_CONFIG),
  iam: new IAMClient(TEST_CLIENT_CONFIG),
};
export const NOW = new Date("2026-03-01T12:00:00Z");
const TOKEN = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";

const api = (actionId: string, operation: string, parameters: Record<string, unknown>) =>
  ({
    actionId,
    executor: { type: "api", operation },
    parameters,
    clientToken: TOKEN,
  }) as AutomationRequest & { executor: { type: "api" } };

export const run = (actionId: string, operation: string, parameters: Record<string, unknown>) =>
  callApi(clients, api(actionId, operation, parameters), NOW);

export function refusal(operation: string, parameters: unknown): string {
  try {
    checkApiCall(operation, parameters);
  } catch (err) {
    expect(err).toBeInstanceOf(AwsAdapterError);
    return (err as Error).message;
  }
  throw new Error(`${operation} accepted ${JSON.stringify(parameters)}`);
}

/** Resets every mocked client (call from beforeEach). */
export function resetMocks(): void {
  for (const m of Object.values(mocks)) m.reset();
}
