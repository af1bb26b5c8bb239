/**
 * An in-process queue with the SQS FIFO semantics the worker relies on, for the chaos harness and tests:
 * - message groups: a group with a message in flight delivers nothing else until that message is deleted
 *   or becomes visible again, so one group's messages are processed in order and never concurrently;
 * - content-based deduplication within five minutes (same group + same deduplication id = one message);
 * - a visibility timeout: a received message not deleted in time is delivered again, to anyone;
 * - `ApproximateReceiveCount` per message, and a redrive policy: a message already received
 *   `maxReceiveCount` times goes to the dead-letter queue on its next receive instead of being delivered.
 * Time comes from an injectable clock (ms), so a test can jump past a visibility timeout.
 */
import type { SQSEvent, SQSRecord } from "aws-lambda";

/** SQS keeps deduplication ids for five minutes. */
const DEDUP_WINDOW_MS = 5 * 60_000;

export interface FifoQueueOptions {
  /** Queue name, used in the ARN of the records. */
  name: string;
  visibilityTimeoutMs: number;
  /** Redrive policy: receives before the message goes to `deadLetter`. */
  maxReceiveCount?: number;
  deadLetter?: InProcessFifoQueue;
  now?: () => number;
}

interface Message {
  messageId: string;
  body: string;
  groupId: string;
  dedupId: string;
  sentAt: number;
  receiveCount: number;
  firstReceiveAt?: number;
  /** Hidden until this time (ms); 0 = visible. */
  invisibleUntil: number;
  receiptHandle?: string;
}

export class InProcessFifoQueue {
  private readonly messages: Message[] = [];
  private readonly dedup = new Map<string, number>();
  private seq = 0;
  /** Messages moved to the dead-letter queue, for reporting. */
  movedToDeadLetter = 0;

  constructor(readonly options: FifoQueueOptions) {
    if (options.visibilityTimeoutMs <= 0)
      throw new Error(`queue ${options.name}: visibilityTimeoutMs must be positive`);
    if ((options.maxReceiveCount === undefined) !== (options.deadLetter === undefined))
      throw new Error(
        `queue ${options.name}: set both maxReceiveCount and deadLetter (a redrive policy), or neither`,
      );
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  get arn(): string {
    return `arn:aws:sqs:us-east-1:000000000000:${this.options.name}`;
  }

  /** Sends a message; a duplicate (same group and deduplication id within five minutes) is dropped. */
  send(body: string, groupId: string, dedupId: string): { messageId: string; duplicate: boolean } {
    const key = `${groupId}\u0000${dedupId}`;
    const now = this.now();
    const seen = this.dedup.get(key);
    if (seen !== undefined && now - seen < DEDUP_WINDOW_MS) return { messageId: "", duplicate: true };
    this.dedup.set(key, now);
    const messageId = `m-${++this.seq}`;
    this.messages.push({
      messageId,
      body,
      groupId,
      dedupId,
      sentAt: now,
      receiveCount: 0,
      invisibleUntil: 0,
    });
    return { messageId, duplicate: false };
  }

  /**
   * Receives up to `max` messages, oldest first, at most one run of consecutive messages per group and
   * none from a group that has a message in flight. Messages past their redrive limit are dead-lettered.
   */
  receive(max = 10): SQSRecord[] {
    const now = this.now();
    const blocked = new Set<string>();
    const out: SQSRecord[] = [];
    for (const m of [...this.messages]) {
      if (out.length >= max) break;
      if (blocked.has(m.groupId)) continue;
      if (m.invisibleUntil > now) {
        blocked.add(m.groupId);
        continue;
      }
      const limit = this.options.maxReceiveCount;
      if (limit !== undefined && m.receiveCount >= limit) {
        this.remove(m);
        this.movedToDeadLetter += 1;
        this.options.deadLetter?.send(m.body, m.groupId, `${m.dedupId}:${m.messageId}`);
        continue;
      }
      m.receiveCount += 1;
      m.firstReceiveAt ??= now;
      m.invisibleUntil = now + this.options.visibilityTimeoutMs;
      m.receiptHandle = `${m.messageId}:${m.receiveCount}`;
      out.push(this.record(m));
    }
    return out;
  }

  /** Deletes a received message; a stale receipt handle (the message was received again since) is ignored. */
  delete(receiptHandle: string): boolean {
    const m = this.messages.find((x) => x.receiptHandle === receiptHandle);
    if (!m) return false;
    this.remove(m);
    return true;
  }

  /** Makes a received message visible again now (a reported batch item failure). */
  release(receiptHandle: string): void {
    const m = this.messages.find((x) => x.receiptHandle === receiptHandle);
    if (m) m.invisibleUntil = 0;
  }

  /** Messages in the queue that are not in flight (the DLQ alarm's metric). */
  get approximateNumberOfMessagesVisible(): number {
    const now = this.now();
    return this.messages.filter((m) => m.invisibleUntil <= now).length;
  }

  get size(): number {
    return this.messages.length;
  }

  bodies(): string[] {
    return this.messages.map((m) => m.body);
  }

  private remove(m: Message): void {
    this.messages.splice(this.messages.indexOf(m), 1);
  }

  private record(m: Message): SQSRecord {
    return {
      messageId: m.messageId,
      receiptHandle: m.receiptHandle ?? "",
      body: m.body,
      attributes: {
        ApproximateReceiveCount: String(m.receiveCount),
        SentTimestamp: String(m.sentAt),
        SenderId: "AIDAEXAMPLE",
        ApproximateFirstReceiveTimestamp: String(m.firstReceiveAt ?? m.sentAt),
        MessageGroupId: m.groupId,
        MessageDeduplicationId: m.dedupId,
        SequenceNumber: String(this.seq),
      },
      messageAttributes: {},
      md5OfBody: "",
      eventSource: "aws:sqs",
      eventSourceARN: this.arn,
      awsRegion: "us-east-1",
    };
  }
}

/** The event Lambda's SQS event source hands the function for these records. */
export const sqsEvent = (records: SQSRecord[]): SQSEvent => ({ Records: records });
