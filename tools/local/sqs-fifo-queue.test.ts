import { describe, expect, it } from "vitest";
import { InProcessFifoQueue } from "./sqs-fifo-queue.js";

function queues(maxReceiveCount = 2) {
  let now = 0;
  const dlq = new InProcessFifoQueue({ name: "dlq.fifo", visibilityTimeoutMs: 10, now: () => now });
  const q = new InProcessFifoQueue({
    name: "q.fifo",
    visibilityTimeoutMs: 100,
    maxReceiveCount,
    deadLetter: dlq,
    now: () => now,
  });
  return { q, dlq, advance: (ms: number) => (now += ms) };
}

describe("in-process SQS FIFO queue", () => {
  it("delivers a group's messages in order, never two of a group in flight at once", () => {
    const { q } = queues();
    q.send("a1", "a", "1");
    q.send("a2", "a", "2");
    q.send("b1", "b", "1");
    const first = q.receive(1);
    expect(first.map((r) => r.body)).toEqual(["a1"]);
    // a1 in flight: group a is blocked, b goes on.
    expect(q.receive(10).map((r) => r.body)).toEqual(["b1"]);
    q.delete(first[0]!.receiptHandle);
    expect(q.receive(10).map((r) => r.body)).toEqual(["a2"]);
  });

  it("drops a duplicate send within the deduplication window", () => {
    const { q } = queues();
    expect(q.send("x", "a", "d").duplicate).toBe(false);
    expect(q.send("x", "a", "d").duplicate).toBe(true);
    expect(q.size).toBe(1);
  });

  it("redelivers after the visibility timeout with a growing receive count; a stale receipt deletes nothing", () => {
    const { q, advance } = queues(5);
    q.send("x", "a", "1");
    const [r1] = q.receive();
    expect(r1?.attributes.ApproximateReceiveCount).toBe("1");
    advance(50);
    expect(q.receive()).toEqual([]);
    advance(51);
    const [r2] = q.receive();
    expect(r2?.attributes.ApproximateReceiveCount).toBe("2");
    expect(r2?.attributes.MessageGroupId).toBe("a");
    expect(q.delete(r1!.receiptHandle)).toBe(false);
    expect(q.delete(r2!.receiptHandle)).toBe(true);
    expect(q.size).toBe(0);
  });

  it("moves a message to the dead-letter queue after maxReceiveCount receives, where it is visible", () => {
    const { q, dlq, advance } = queues(2);
    q.send("poison", "a", "1");
    q.receive();
    advance(101);
    q.receive();
    advance(101);
    expect(q.receive()).toEqual([]);
    expect(q.movedToDeadLetter).toBe(1);
    expect(dlq.bodies()).toEqual(["poison"]);
    expect(dlq.approximateNumberOfMessagesVisible).toBe(1);
  });

  it("refuses a half-set redrive policy", () => {
    expect(() => new InProcessFifoQueue({ name: "q", visibilityTimeoutMs: 1, maxReceiveCount: 3 })).toThrow(
      /both maxReceiveCount and deadLetter/,
    );
  });
});
