/**
 * dynamodb:UpdateTable, sqs:SetQueueAttributes and sqs:StartMessageMoveTask in the simulated account.
 * Capacity changes act through the metric model (a hot partition keeps throttling whatever the mode); a
 * redrive policy change only moves messages that keep failing; a move task only moves what is dead-lettered.
 */
import { z } from "zod";
import type { ActionHandler, ActionRun } from "../automation-actions.js";
import { num, record, str } from "./run.js";

const tableOf = (run: ActionRun) => run.world.tables.get(str(run, "TableName"));

export const updateTable: ActionHandler = {
  params: z.union([
    z.object({ TableName: z.string().min(1), BillingMode: z.literal("PAY_PER_REQUEST") }),
    z.object({
      TableName: z.string().min(1),
      ReadCapacityUnits: z.number().int().min(1),
      WriteCapacityUnits: z.number().int().min(1),
    }),
  ]),
  minutes: 2,
  check(run) {
    if (!tableOf(run)) {
      return `ResourceNotFoundException: Requested resource not found: Table: ${str(run, "TableName")} not found`;
    }
    return undefined;
  },
  finish(run) {
    const t = tableOf(run);
    if (!t) return "table disappeared";
    const from =
      t.billingMode === "on-demand" ? "PAY_PER_REQUEST" : `${t.readCapacityUnits}/${t.writeCapacityUnits}`;
    if (run.params.BillingMode === "PAY_PER_REQUEST") {
      t.billingMode = "on-demand";
    } else {
      t.billingMode = "provisioned";
      t.readCapacityUnits = num(run, "ReadCapacityUnits");
      t.writeCapacityUnits = num(run, "WriteCapacityUnits");
    }
    const to =
      t.billingMode === "on-demand" ? "PAY_PER_REQUEST" : `${t.readCapacityUnits}/${t.writeCapacityUnits}`;
    record(run, {
      service: t.service,
      resourceId: t.name,
      kind: "config",
      summary: `DynamoDB table ${t.name} capacity changed from ${from} to ${to}`,
      from,
      to,
    });
    return `UpdateTable: ${t.name} is ${to}`;
  },
};

const queueOf = (run: ActionRun, key: string) => run.world.queues.get(str(run, key));

export const setQueueAttributes: ActionHandler = {
  params: z.object({
    QueueName: z.string().min(1),
    DeadLetterQueueName: z.string().min(1),
    maxReceiveCount: z.number().int().min(1).max(1000),
  }),
  minutes: 1,
  check(run) {
    const q = queueOf(run, "QueueName");
    if (!q) return "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.";
    if (q.deadLetterQueue !== str(run, "DeadLetterQueueName")) {
      return `InvalidParameterValue: Value for parameter RedrivePolicy is invalid. Reason: Dead-letter target ${str(run, "DeadLetterQueueName")} does not exist.`;
    }
    return undefined;
  },
  finish(run) {
    const q = queueOf(run, "QueueName");
    if (!q) return "queue disappeared";
    const from = q.maxReceiveCount;
    q.maxReceiveCount = num(run, "maxReceiveCount");
    record(run, {
      service: q.service,
      resourceId: q.name,
      kind: "config",
      summary: `Redrive policy of ${q.name}: maxReceiveCount ${from} → ${q.maxReceiveCount} (dead-letter ${q.deadLetterQueue})`,
      from: String(from),
      to: String(q.maxReceiveCount),
    });
    return `SetQueueAttributes: ${q.name} RedrivePolicy maxReceiveCount=${q.maxReceiveCount}`;
  },
};

export const startMessageMove: ActionHandler = {
  params: z.object({
    SourceQueueName: z.string().min(1),
    DeadLetterQueueName: z.string().min(1),
    MaxNumberOfMessagesPerSecond: z.number().int().min(1),
  }),
  minutes: 5,
  check(run) {
    const q = queueOf(run, "SourceQueueName");
    if (!q || q.deadLetterQueue !== str(run, "DeadLetterQueueName")) {
      return "AWS.SimpleQueueService.NonExistentQueue: The specified queue does not exist.";
    }
    return undefined;
  },
  finish(run) {
    const q = queueOf(run, "SourceQueueName");
    if (!q) return "queue disappeared";
    const moved = Math.min(q.deadLettered, num(run, "MaxNumberOfMessagesPerSecond") * 60 * this.minutes);
    q.deadLettered -= moved;
    q.visible += moved;
    record(run, {
      service: q.service,
      resourceId: q.name,
      kind: "config",
      summary: `${moved} message(s) moved from ${q.deadLetterQueue} back to ${q.name}`,
    });
    return `StartMessageMoveTask: moved ${moved} message(s) from ${q.deadLetterQueue} to ${q.name}`;
  },
};
