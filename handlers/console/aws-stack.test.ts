import { CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { CONSOLE_OUTPUTS, resolveDeployedStores } from "./aws-stack.js";
import { sendSigned } from "./sigv4.js";

const cfn = mockClient(CloudFormationClient);
const client = new CloudFormationClient({
  region: "eu-west-1",
  credentials: { accessKeyId: "a", secretAccessKey: "b" },
});
afterEach(() => cfn.reset());

const outputs = Object.values(CONSOLE_OUTPUTS).map((key) => ({
  OutputKey: key,
  OutputValue: `value-of-${key}`,
}));

describe("resolving the deployed stores", () => {
  it("reads every name from the stack's outputs", async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: "AirResponder",
          StackStatus: "UPDATE_COMPLETE",
          CreationTime: new Date(),
          Outputs: outputs,
        },
      ],
    });
    const stores = await resolveDeployedStores(client, "AirResponder", "eu-west-1");
    expect(stores.decisionUrl).toBe("value-of-ConsoleDecisionUrl");
    expect(stores.checkpointTable).toBe("value-of-CheckpointTableName");
  });

  it("names the missing outputs of an older stack and says to redeploy", async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: "AirResponder",
          StackStatus: "CREATE_COMPLETE",
          CreationTime: new Date(),
          Outputs: outputs.slice(0, 2),
        },
      ],
    });
    await expect(resolveDeployedStores(client, "AirResponder", "eu-west-1")).rejects.toThrow(
      /has no output .*ConsoleDecisionUrl.*redeploy/,
    );
  });

  it("says when the stack does not exist", async () => {
    cfn
      .on(DescribeStacksCommand)
      .rejects(Object.assign(new Error("Stack with id Nope does not exist"), { name: "ValidationError" }));
    await expect(resolveDeployedStores(client, "Nope", "eu-west-1")).rejects.toThrow(
      /Nope in eu-west-1: no such stack/,
    );
  });
});

describe("SigV4-signed requests to the console URL", () => {
  it("signs for the lambda service with the caller's credentials, covering the body", async () => {
    const seen: { headers: Record<string, string>; body?: string }[] = [];
    const fake = (async (_url: URL, init: RequestInit) => {
      seen.push({ headers: init.headers as Record<string, string>, body: init.body as string });
      return new Response("{}", { status: 202 });
    }) as unknown as typeof fetch;
    const creds = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret", sessionToken: "tok" };
    const url = "https://abc.lambda-url.eu-west-1.on.aws/console/decisions";
    await sendSigned(
      url,
      { method: "POST", body: { incidentId: "a", decision: "accept" } },
      "eu-west-1",
      creds,
      fake,
    );
    await sendSigned(
      url,
      { method: "POST", body: { incidentId: "a", decision: "reject" } },
      "eu-west-1",
      creds,
      fake,
    );
    const [a, b] = seen;
    expect(a?.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/lambda\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/,
    );
    expect(a?.headers["x-amz-security-token"]).toBe("tok");
    expect(a?.body).toBe('{"incidentId":"a","decision":"accept"}');
    // A different body is a different signature: the decision cannot be swapped under it.
    expect(a?.headers.authorization).not.toBe(b?.headers.authorization);
  });
});
