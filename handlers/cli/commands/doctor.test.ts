import { BedrockRuntimeClient, ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { explainBedrockError } from "../doctor/model.js";
import { runDoctor } from "./doctor.js";

const bedrock = mockClient(BedrockRuntimeClient);
beforeEach(() => {
  // The SDK resolves credentials from process.env; give it some so the endpoints themselves are what fails.
  vi.stubEnv("AWS_ACCESS_KEY_ID", "a");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "b");
});
afterEach(() => {
  bedrock.reset();
  vi.unstubAllEnvs();
});

const plain = (_: unknown, text: string) => text;
async function doctor(env: NodeJS.ProcessEnv) {
  let out = "";
  const result = await runDoctor({
    env,
    style: plain,
    timeoutMs: 2_000,
    bedrockClient: new BedrockRuntimeClient({
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
    }),
    write: (text) => {
      out += text;
    },
  });
  return { ...result, lines: out.trim().split("\n") };
}

const awsError = (name: string, message: string) =>
  Object.assign(new Error(message), { name, $metadata: {} });

describe("air doctor", () => {
  it("passes in rules mode with the in-process DynamoDB and S3", async () => {
    const { exitCode, lines } = await doctor({});
    expect(lines).toContain("✓ model      rules mode (no model configured)");
    expect(lines.filter((l) => l.startsWith("✗"))).toEqual([]);
    expect(lines.some((l) => /^✓ dynamodb .*air-checkpoints, air-incidents/.test(l))).toBe(true);
    expect(exitCode).toBe(0);
    expect(bedrock.calls()).toHaveLength(0);
  });

  it("with a fake model id and no network, fails with exit 1 and one line per problem", async () => {
    bedrock.on(ConverseCommand).rejects(
      Object.assign(new Error("getaddrinfo ENOTFOUND bedrock-runtime.us-east-1.amazonaws.com"), {
        code: "ENOTFOUND",
      }),
    );
    const { exitCode, lines } = await doctor({
      AIR_BEDROCK_MODEL_ID: "fake.model-v1",
      AIR_DYNAMODB_ENDPOINT: "http://127.0.0.1:1",
      AIR_S3_ENDPOINT: "http://127.0.0.1:1",
      AWS_ACCESS_KEY_ID: "a",
      AWS_SECRET_ACCESS_KEY: "b",
    });
    expect(exitCode).toBe(1);
    const failures = lines.filter((l) => l.startsWith("✗"));
    expect(failures.map((l) => l.split(/\s+/)[1])).toEqual(["model", "dynamodb", "dynamodb", "s3"]);
    expect(failures[0]).toMatch(/network: cannot reach bedrock-runtime\.us-east-1\.amazonaws\.com/);
    expect(failures[1]).toMatch(/network: cannot reach http:\/\/127\.0\.0\.1:1/);
    expect(lines.at(-1)).toBe("4 problem(s) found");
  });

  it("says exactly what is wrong with the model", () => {
    const id = "us.anthropic.x";
    expect(
      explainBedrockError(
        awsError("CredentialsProviderError", "Could not load credentials"),
        id,
        "us-east-1",
      ),
    ).toMatch(/^credentials:/);
    expect(
      explainBedrockError(awsError("AccessDeniedException", "no access to model"), id, "us-east-1"),
    ).toMatch(/^model access: .*Model access/);
    expect(
      explainBedrockError(
        awsError("ValidationException", "The provided model identifier is invalid."),
        id,
        "eu-west-1",
      ),
    ).toMatch(/^model id: us.anthropic.x is not available in eu-west-1/);
  });

  it("flags a region that is not one, and an invalid policy", async () => {
    bedrock
      .on(ConverseCommand)
      .rejects(awsError("UnrecognizedClientException", "The security token is invalid"));
    const { lines } = await doctor({
      AIR_BEDROCK_MODEL_ID: "m",
      AIR_REGION: "mars-1",
      AIR_POLICY: '{"killSwitch":"yes"}',
    });
    expect(lines.find((l) => l.startsWith("✗ region"))).toMatch(/"mars-1" is not an AWS region name/);
    expect(lines.find((l) => l.startsWith("✗ model"))).toMatch(/^✗ model +credentials:/);
    expect(lines.find((l) => l.startsWith("✗ policy"))).toMatch(/killSwitch/);
  });
});
