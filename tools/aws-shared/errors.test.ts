import { awsError } from "../aws/test-support.js";
import { AwsAdapterError, awsCall, errorCode, translateAwsError } from "./errors.js";

const ctx = {
  action: "ssm:StartAutomationExecution",
  resource: "Automation document AWS-RestartEC2Instance",
  region: async () => "eu-west-1",
};

describe("translateAwsError", () => {
  it("names the missing permission and the resource on AccessDenied", async () => {
    const err = (await translateAwsError(
      awsError("AccessDeniedException", "User: arn:... is not authorized"),
      ctx,
    )) as AwsAdapterError;
    expect(err).toBeInstanceOf(AwsAdapterError);
    expect(err.kind).toBe("access-denied");
    expect(err.message).toContain('Grant the responder\'s IAM role "ssm:StartAutomationExecution"');
    expect(err.message).toContain("AWS-RestartEC2Instance in eu-west-1");
    expect(err.cause).toBeInstanceOf(Error);
  });

  it("says what was not found and where", async () => {
    const err = (await translateAwsError(awsError("ResourceNotFoundException", "gone"), {
      ...ctx,
      action: "logs:FilterLogEvents",
      resource: "log group /ecs/checkout",
    })) as AwsAdapterError;
    expect(err.kind).toBe("not-found");
    expect(err.message).toMatch(
      /^ResourceNotFoundException: log group \/ecs\/checkout was not found in eu-west-1/,
    );
  });

  it("reports throttling that outlived the SDK's retries, and credential problems", async () => {
    const throttled = (await translateAwsError(
      awsError("ThrottlingException", "Rate exceeded", 400, 5),
      ctx,
    )) as AwsAdapterError;
    expect(throttled.kind).toBe("throttled");
    expect(throttled.message).toContain("after 5 attempt(s)");
    const creds = (await translateAwsError(awsError("ExpiredTokenException"), ctx)) as AwsAdapterError;
    expect(creds.kind).toBe("credentials");
    expect(creds.message).toContain("aws sso login");
  });

  it("treats ASG's 'not found' validation errors as not found and keeps other validation errors invalid", async () => {
    const nf = (await translateAwsError(
      awsError("ValidationError", "AutoScalingGroup name not found - x"),
      ctx,
    )) as AwsAdapterError;
    expect(nf.kind).toBe("not-found");
    const bad = (await translateAwsError(
      awsError("InvalidParameterValue", "bad period"),
      ctx,
    )) as AwsAdapterError;
    expect(bad.kind).toBe("invalid");
  });

  it("passes non-AWS values through and reads S3's bare 412 as PreconditionFailed", async () => {
    expect(await translateAwsError("text", ctx)).toBe("text");
    expect(errorCode(awsError("Unknown", "", 412))).toBe("PreconditionFailed");
    await expect(awsCall(ctx, async () => 42)).resolves.toBe(42);
  });
});
