/**
 * A worker invocation that hangs until Lambda kills it still publishes its GraphRunDuration, just before
 * the deadline (a `finally` never runs on a timeout), so the slow-run alarm can fire.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context, SQSEvent } from "aws-lambda";
import { describe, expect, it } from "vitest";
import type { Responder } from "../../runtime/responder.js";
import { createWorkerHandler } from "./worker-handler.js";

const logger = new Logger({ serviceName: "air-test", logLevel: "SILENT" });

function recordingMetrics() {
  const published: { name: string; value: number }[] = [];
  let pending: { name: string; value: number }[] = [];
  const metrics = {
    addMetric: (name: string, _unit: string, value: number) => pending.push({ name, value }),
    publishStoredMetrics: () => {
      published.push(...pending);
      pending = [];
    },
  } as unknown as Metrics;
  return { metrics, published };
}

const event: SQSEvent = {
  Records: [
    {
      messageId: "m1",
      receiptHandle: "r",
      body: JSON.stringify({ kind: "start", incidentId: "inc-1" }),
      attributes: { MessageGroupId: "inc-1" } as never,
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:eu-west-1:111122223333:air-run.fifo",
      awsRegion: "eu-west-1",
    },
  ],
};

function context(remainingMs: number): Context {
  const deadline = Date.now() + remainingMs;
  return {
    getRemainingTimeInMillis: () => deadline - Date.now(),
    functionName: "worker",
  } as unknown as Context;
}

describe("worker GraphRunDuration on timeout", () => {
  it("is published before the deadline while the run still hangs, and only once", async () => {
    const { metrics, published } = recordingMetrics();
    let release: () => void = () => {};
    const hanging = new Promise<void>((resolve) => {
      release = resolve;
    });
    const responder = { work: () => hanging.then(() => ({})) } as unknown as Responder;
    const handler = createWorkerHandler(
      async () => ({ responder, clock: { now: () => new Date() } as never }),
      {
        logger,
        metrics,
        timeoutMetricMarginMs: 50,
      },
    );
    const run = handler(event, context(200));
    await new Promise((r) => setTimeout(r, 300));
    // Still hanging past the deadline (Lambda would have killed it), yet the duration is out.
    expect(published).toHaveLength(1);
    expect(published[0]?.name).toBe("GraphRunDuration");
    expect(published[0]?.value).toBeGreaterThanOrEqual(140);
    release();
    await run;
    expect(published).toHaveLength(1);
  });

  it("a run that finishes in time publishes once, when it ends", async () => {
    const { metrics, published } = recordingMetrics();
    const responder = { work: async () => ({}) } as unknown as Responder;
    const handler = createWorkerHandler(
      async () => ({ responder, clock: { now: () => new Date() } as never }),
      {
        logger,
        metrics,
      },
    );
    await handler(event, context(60_000));
    expect(published.map((p) => p.name)).toEqual(["GraphRunDuration"]);
  });
});
