/**
 * The per-incident work queue (SQS FIFO, message group = incident id, so one incident's commands run in
 * order and never concurrently) and the dead-letter queues: nothing the responder receives is dropped.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { RUN_MAX_RECEIVE_COUNT } from "../../handlers/runtime/redrive.js";
import type { ResponderConfig } from "../config.js";

/** A command is tried this many times before it parks in the run DLQ (the worker reads the same constant). */
export { RUN_MAX_RECEIVE_COUNT };

/** AWS recommends a visibility timeout of six times the consumer's timeout for Lambda event sources. */
export function runVisibilityTimeout(config: Pick<ResponderConfig, "workerTimeoutMinutes">): Duration {
  return Duration.minutes(config.workerTimeoutMinutes * 6);
}

const secure = {
  encryption: sqs.QueueEncryption.SQS_MANAGED,
  enforceSSL: true,
  removalPolicy: RemovalPolicy.RETAIN,
} as const;

export class Queues extends Construct {
  /** Work commands (start, resume, continue) for the worker, grouped by incident id. */
  readonly runQueue: sqs.Queue;
  readonly runDlq: sqs.Queue;
  /** Alarm events intake could not process, and events EventBridge could not deliver. */
  readonly intakeDlq: sqs.Queue;

  constructor(scope: Construct, id: string, config: ResponderConfig) {
    super(scope, id);
    this.runDlq = new sqs.Queue(this, "RunDlq", {
      ...secure,
      fifo: true,
      retentionPeriod: Duration.days(14),
    });
    this.runQueue = new sqs.Queue(this, "RunQueue", {
      ...secure,
      fifo: true,
      // Re-sent commands carry a deduplication id; content-based dedup covers senders that omit it.
      contentBasedDeduplication: true,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
      visibilityTimeout: runVisibilityTimeout(config),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.runDlq, maxReceiveCount: RUN_MAX_RECEIVE_COUNT },
    });
    // EventBridge cannot deliver to a FIFO dead-letter queue, so the intake DLQ is a standard queue.
    this.intakeDlq = new sqs.Queue(this, "IntakeDlq", { ...secure, retentionPeriod: Duration.days(14) });
  }
}
