import { createHash } from "node:crypto";
import { SendMessageCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { WorkCommand, WorkQueue } from "./work-queue.js";

/**
 * The work queue in AWS: SQS FIFO with the incident id as message group, so one incident's commands are
 * delivered in order and never concurrently; the deduplication id makes a re-sent command a no-op.
 */
export class SqsFifoWorkQueue implements WorkQueue {
  constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  async enqueue(command: WorkCommand): Promise<void> {
    const body = JSON.stringify(command);
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: body,
        MessageGroupId: command.incidentId,
        MessageDeduplicationId: createHash("sha256").update(body).digest("hex").slice(0, 64),
      }),
    );
  }
}
