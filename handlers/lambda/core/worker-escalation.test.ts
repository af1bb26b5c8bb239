/**
 * A persistent AWS fault on a command's last receive escalates the incident with the fault as the reason
 * (the message is then done); on an earlier receive, or for any other error, the command goes back to the
 * queue for another try (and, in the end, to the dead-letter queue).
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { SQSRecord } from "aws-lambda";
import { describe, expect, it } from "vitest";
import { AwsAdapterError } from "../../../tools/aws-shared/errors.js";
import { PersistentAwsFaultError } from "../../../tools/faults/retry.js";
import type { Responder } from "../../runtime/responder.js";
import { handleWorkBatch } from "./worker-batch.js";

const logger = new Logger({ serviceName: "test", logLevel: "SILENT" });

function record(receives: string | undefined): SQSRecord {
  return {
    messageId: "m1",
    receiptHandle: "r1",
    body: JSON.stringify({ kind: "start", incidentId: "inc-1" }),
    attributes: {
      ...(receives === undefined ? {} : { ApproximateReceiveCount: receives }),
      SentTimestamp: "0",
      SenderId: "x",
      ApproximateFirstReceiveTimestamp: "0",
      MessageGroupId: "inc-1",
    } as SQSRecord["attributes"],
    messageAttributes: {},
    md5OfBody: "",
    eventSource: "aws:sqs",
    eventSourceARN: "arn:aws:sqs:us-east-1:0:q.fifo",
    awsRegion: "us-east-1",
  };
}

function failingResponder(error: Error) {
  const escalated: [string, string][] = [];
  const responder = {
    async work() {
      throw error;
    },
    async escalate(id: string, reason: string) {
      escalated.push([id, reason]);
    },
  } as unknown as Responder;
  return { responder, escalated };
}

const throttled = () =>
  new PersistentAwsFaultError(
    "metrics.query",
    6,
    Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }),
  );

describe("worker: a persistent AWS fault", () => {
  it("escalates the incident with the fault as the reason on the last receive, and the message is done", async () => {
    const { responder, escalated } = failingResponder(throttled());
    const response = await handleWorkBatch({ Records: [record("5")] }, responder, logger, undefined, {
      maxReceiveCount: 5,
    });
    expect(response.batchItemFailures).toEqual([]);
    expect(escalated).toHaveLength(1);
    expect(escalated[0]?.[0]).toBe("inc-1");
    expect(escalated[0]?.[1]).toMatch(
      /after 5 deliveries of the start command: metrics\.query failed 6 times.*ThrottlingException/,
    );
  });

  it("finds the fault behind a wrapping error (its cause)", async () => {
    const wrapped = new Error("node failed", { cause: throttled() });
    const { responder, escalated } = failingResponder(wrapped);
    await handleWorkBatch({ Records: [record("5")] }, responder, logger, undefined, { maxReceiveCount: 5 });
    expect(escalated).toHaveLength(1);
  });

  it("escalates on what the deployed adapters throw once the SDK's retries ran out (throttling, 5xx)", async () => {
    const sdk503 = Object.assign(new Error("Service Unavailable"), {
      name: "ServiceUnavailable",
      $metadata: { httpStatusCode: 503, attempts: 5 },
    });
    for (const error of [
      new AwsAdapterError(
        "ThrottlingException: cloudwatch:GetMetricData still throttled",
        "throttled",
        "ThrottlingException",
        "cloudwatch:GetMetricData",
        "metric",
      ),
      new AwsAdapterError(
        "ServiceUnavailable: ecs:DescribeServices failed",
        "other",
        "ServiceUnavailable",
        "ecs:DescribeServices",
        "service",
        { cause: sdk503 },
      ),
      sdk503,
    ]) {
      const { responder, escalated } = failingResponder(error);
      await handleWorkBatch({ Records: [record("5")] }, responder, logger, undefined, { maxReceiveCount: 5 });
      expect(escalated, error.message).toHaveLength(1);
    }
  });

  it.each([
    [
      "an access-denied adapter error on the last receive",
      new AwsAdapterError("denied", "access-denied", "AccessDenied", "ssm:StartAutomationExecution", "doc"),
      "5",
    ],
    ["an earlier receive", throttled(), "4"],
    ["an unreadable receive count (taken as the first)", throttled(), "x"],
    ["another error on the last receive", new Error("bug"), "5"],
  ])("on %s it goes back to the queue, not escalated", async (_what, error, receives) => {
    const { responder, escalated } = failingResponder(error);
    const response = await handleWorkBatch({ Records: [record(receives)] }, responder, logger, undefined, {
      maxReceiveCount: 5,
    });
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: "m1" }]);
    expect(escalated).toEqual([]);
  });
});
