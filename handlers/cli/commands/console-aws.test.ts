import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CONSOLE_OUTPUTS } from "../../console/aws-stack.js";
import { CliError } from "../errors.js";
import { openAwsConsoleStore } from "./console-aws.js";

const cfn = mockClient(CloudFormationClient);
beforeEach(() => {
  vi.stubEnv("AWS_REGION", "");
  vi.stubEnv("AWS_DEFAULT_REGION", "");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "AKID");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret");
});
afterEach(() => {
  cfn.reset();
  vi.unstubAllEnvs();
});

describe("air console --aws", () => {
  it("asks for a Region when none is given", async () => {
    await expect(openAwsConsoleStore({})).rejects.toThrow(CliError);
    await expect(openAwsConsoleStore({})).rejects.toThrow(/no Region; pass --region/);
  });

  it("turns a stack without the console outputs into a CLI error that says to redeploy", async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [{ StackName: "Old", StackStatus: "CREATE_COMPLETE", CreationTime: new Date(), Outputs: [] }],
    });
    await expect(openAwsConsoleStore({ stack: "Old", region: "eu-west-1" })).rejects.toThrow(
      /air console --aws: stack Old in eu-west-1 has no output .*redeploy/,
    );
  });

  it("opens the deployed stack's store, named after the stack", async () => {
    cfn.on(DescribeStacksCommand, { StackName: "AirResponder" }).resolves({
      Stacks: [
        {
          StackName: "AirResponder",
          StackStatus: "UPDATE_COMPLETE",
          CreationTime: new Date(),
          Outputs: Object.values(CONSOLE_OUTPUTS).map((k) => ({ OutputKey: k, OutputValue: `v-${k}` })),
        },
      ],
    });
    const store = await openAwsConsoleStore({ region: "eu-west-1" });
    expect(store.where).toContain("stack AirResponder in eu-west-1");
    await store.close();
  });
});
