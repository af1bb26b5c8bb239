import { describe, expect, it } from "vitest";
import { readLambdaEnv } from "./env.js";

const base = {
  AIR_CHECKPOINT_TABLE: "c",
  AIR_INCIDENT_TABLE: "i",
  AIR_APPROVALS_TABLE: "a",
  AIR_OUTCOMES_TABLE: "o",
  AIR_WORK_QUEUE_URL: "https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo",
  AIR_OFFLOAD_BUCKET: "b",
  AIR_AUDIT_BUCKET: "b",
  AIR_REPORTS_BUCKET: "b",
  AIR_TOPIC_ARN: "arn:aws:sns:us-east-1:123456789012:t",
  AIR_APPROVAL_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:s",
};

describe("Lambda environment: OIDC approvers", () => {
  it("is optional, and read when both the pool and the client are set", () => {
    expect(readLambdaEnv(base).AIR_OIDC_USER_POOL_ID).toBeUndefined();
    const env = readLambdaEnv({
      ...base,
      AIR_OIDC_USER_POOL_ID: "us-east-1_AbCdEf123",
      AIR_OIDC_CLIENT_ID: "1example23456789abcdefghij",
    });
    expect(env.AIR_OIDC_CLIENT_ID).toBe("1example23456789abcdefghij");
  });

  it("refuses one without the other, and a malformed pool id", () => {
    expect(() => readLambdaEnv({ ...base, AIR_OIDC_USER_POOL_ID: "us-east-1_AbCdEf123" })).toThrow(
      /AIR_OIDC_CLIENT_ID: set both/,
    );
    expect(() =>
      readLambdaEnv({ ...base, AIR_OIDC_USER_POOL_ID: "my-pool", AIR_OIDC_CLIENT_ID: "abc123" }),
    ).toThrow(/AIR_OIDC_USER_POOL_ID: a Cognito user pool id/);
  });
});
