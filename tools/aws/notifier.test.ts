import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { mockClient } from "aws-sdk-client-mock";
import { SnsNotifier, snsSubject } from "./notifier.js";
import { awsError, TEST_CLIENT_CONFIG } from "./test-support.js";

const sns = mockClient(SNSClient);
const client = new SNSClient(TEST_CLIENT_CONFIG);
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:air-notifications";

beforeEach(() => sns.reset());

describe("SnsNotifier", () => {
  it("publishes with a clean subject and kind/incidentId attributes", async () => {
    sns.on(PublishCommand).resolves({ MessageId: "m-1" });
    await new SnsNotifier(client, TOPIC).notify({
      kind: "approval-request",
      incidentId: "inc-42",
      subject: `Approve ec2-restart-instance on i-0abc\nfor checkout ${"x".repeat(200)}`,
      body: "Evidence: memory at 97%",
      audience: "team-checkout",
      link: "https://air.example.com/approve?t=abc",
    });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.TopicArn).toBe(TOPIC);
    expect([...(input?.Subject ?? "")]).toHaveLength(100);
    expect(input?.Subject).toMatch(/^Approve ec2-restart-instance on i-0abc for checkout x+…$/);
    expect(input?.Message).toBe(
      "Evidence: memory at 97%\n\nLink: https://air.example.com/approve?t=abc\nAudience: team-checkout\nIncident: inc-42",
    );
    expect(input?.MessageAttributes).toEqual({
      kind: { DataType: "String", StringValue: "approval-request" },
      incidentId: { DataType: "String", StringValue: "inc-42" },
      audience: { DataType: "String", StringValue: "team-checkout" },
    });
    expect(input?.MessageGroupId).toBeUndefined();
  });

  it("adds group and deduplication ids on FIFO topics", async () => {
    sns.on(PublishCommand).resolves({});
    await new SnsNotifier(client, `${TOPIC}.fifo`).notify({
      kind: "info",
      incidentId: "inc-1",
      subject: "s",
      body: "b",
    });
    const input = sns.commandCalls(PublishCommand)[0]?.args[0].input;
    expect(input?.MessageGroupId).toBe("inc-1");
    expect(input?.MessageDeduplicationId).toMatch(/^[0-9a-f]{64}$/);
  });

  it("keeps subjects SNS accepts", () => {
    expect(snsSubject("\u0007\t ")).toBe("Incident notification");
    expect(snsSubject("ünïcödé ✓")).toBe("ünïcödé ✓");
  });

  it("explains a missing topic or permission", async () => {
    sns
      .on(PublishCommand)
      .rejects(awsError("AuthorizationErrorException", "not authorized to perform SNS:Publish"));
    await expect(
      new SnsNotifier(client, TOPIC).notify({ kind: "info", incidentId: "i", subject: "s", body: "b" }),
    ).rejects.toThrow(/sns:Publish was denied on topic arn:aws:sns:eu-west-1:123456789012:air-notifications/);
    sns.on(PublishCommand).rejects(awsError("NotFoundException", "Topic does not exist"));
    await expect(
      new SnsNotifier(client, TOPIC).notify({ kind: "info", incidentId: "i", subject: "s", body: "b" }),
    ).rejects.toThrow(/topic arn:aws:sns:eu-west-1:123456789012:air-notifications was not found/);
  });
});
