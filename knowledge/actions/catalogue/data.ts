/** DynamoDB capacity and SQS poison-message handling: data is never deleted. */
import { z } from "zod";
import type { ActionDefinition } from "../types.js";
import { attr, moreThanDoubles, numAttr, oneAtATime, plainName, refuse } from "./shared.js";

const tableName = plainName("table");
const queueName = plainName("queue", 80);

const throttled = (table: string) => ({
  namespace: "AWS/DynamoDB",
  metric: "ThrottledRequests",
  dimensions: { TableName: table },
  stat: "Sum",
  recoveredWhen: "below" as const,
  threshold: 5,
  datapoints: 3,
  deadlineMinutes: 10,
});

export const dynamoOnDemand: ActionDefinition = {
  id: "dynamodb-switch-to-on-demand",
  title: "Switch a throttled DynamoDB table to on-demand capacity",
  description:
    "Sets BillingMode=PAY_PER_REQUEST (dynamodb:UpdateTable): the table absorbs the burst without a capacity " +
    "plan. AWS allows switching back to provisioned once per 24 hours; the rollback restores the recorded units.",
  targetType: "dynamodb-table",
  params: z.strictObject({ TableName: tableName, BillingMode: z.literal("PAY_PER_REQUEST") }),
  risk: "low",
  reversible: true,
  executor: { type: "api", operation: "dynamodb:UpdateTable" },
  targetOf: (p) => String(p.TableName),
  blastRadius(p, context) {
    const affected = [String(p.TableName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "billingMode") !== "PROVISIONED") {
      return refuse(
        "the table is already on demand: throttling there is a partition hot key, not capacity",
        affected,
      );
    }
    return { allowed: true, reason: "one table, billing mode only (no data or schema change)", affected };
  },
  successSignal: (p) => throttled(String(p.TableName)),
  rollback: (p, before) => ({
    actionId: "dynamodb-set-provisioned-capacity",
    params: {
      TableName: p.TableName,
      ReadCapacityUnits: numAttr(before, "readCapacityUnits"),
      WriteCapacityUnits: numAttr(before, "writeCapacityUnits"),
    },
  }),
};

export const dynamoProvisioned: ActionDefinition = {
  id: "dynamodb-set-provisioned-capacity",
  title: "Raise a DynamoDB table's provisioned read/write capacity",
  description:
    "Sets ProvisionedThroughput (dynamodb:UpdateTable) on a provisioned table, at most doubling each value. " +
    "Lowering is allowed only as a rollback (medium: it removes capacity).",
  targetType: "dynamodb-table",
  params: z.strictObject({
    TableName: tableName,
    ReadCapacityUnits: z.number().int().min(1).max(40_000),
    WriteCapacityUnits: z.number().int().min(1).max(40_000),
  }),
  risk: "low",
  riskFor: (p, target) =>
    Number(p.ReadCapacityUnits) < numAttr(target, "readCapacityUnits") ||
    Number(p.WriteCapacityUnits) < numAttr(target, "writeCapacityUnits")
      ? "medium"
      : "low",
  reversible: true,
  executor: { type: "api", operation: "dynamodb:UpdateTable" },
  targetOf: (p) => String(p.TableName),
  blastRadius(p, context) {
    const affected = [String(p.TableName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const rcu = numAttr(context.target, "readCapacityUnits");
    const wcu = numAttr(context.target, "writeCapacityUnits");
    const mode = attr(context.target, "billingMode");
    if (mode === "PROVISIONED" || mode === "PAY_PER_REQUEST") {
      // From on-demand this is the rollback of a switch: any recorded units are fine.
      if (mode === "PROVISIONED") {
        if (
          moreThanDoubles(rcu, Number(p.ReadCapacityUnits)) ||
          moreThanDoubles(wcu, Number(p.WriteCapacityUnits))
        ) {
          return refuse(
            `${rcu}/${wcu} → ${p.ReadCapacityUnits}/${p.WriteCapacityUnits} more than doubles in one step`,
            affected,
          );
        }
        if (Number(p.ReadCapacityUnits) === rcu && Number(p.WriteCapacityUnits) === wcu) {
          return refuse("the table already has this capacity", affected);
        }
      }
      return {
        allowed: true,
        reason: `one table, ${rcu}/${wcu} → ${p.ReadCapacityUnits}/${p.WriteCapacityUnits} RCU/WCU`,
        affected,
      };
    }
    return refuse(`unknown billing mode '${mode}'`, affected);
  },
  successSignal: (p) => throttled(String(p.TableName)),
  rollback: (p, before) =>
    attr(before, "billingMode") === "PAY_PER_REQUEST"
      ? {
          actionId: "dynamodb-switch-to-on-demand",
          params: { TableName: p.TableName, BillingMode: "PAY_PER_REQUEST" },
        }
      : {
          actionId: "dynamodb-set-provisioned-capacity",
          params: {
            TableName: p.TableName,
            ReadCapacityUnits: numAttr(before, "readCapacityUnits"),
            WriteCapacityUnits: numAttr(before, "writeCapacityUnits"),
          },
        },
};

const backlog = (queue: string) => ({
  namespace: "AWS/SQS",
  metric: "ApproximateAgeOfOldestMessage",
  dimensions: { QueueName: queue },
  stat: "Maximum",
  recoveredWhen: "below" as const,
  threshold: 300,
  datapoints: 3,
  deadlineMinutes: 15,
});

export const sqsMoveAside: ActionDefinition = {
  id: "sqs-move-poison-messages",
  title: "Move poison messages aside to the queue's dead-letter queue (never delete)",
  description:
    "Lowers the queue's redrive maxReceiveCount (sqs:SetQueueAttributes, RedrivePolicy) so messages that keep " +
    "failing move to the existing dead-letter queue instead of blocking the consumer. Nothing is deleted; the " +
    "rollback restores the recorded redrive policy.",
  targetType: "sqs-queue",
  params: z.strictObject({
    QueueName: queueName,
    DeadLetterQueueName: queueName,
    maxReceiveCount: z.number().int().min(2).max(10),
  }),
  risk: "low",
  reversible: true,
  executor: { type: "api", operation: "sqs:SetQueueAttributes" },
  targetOf: (p) => String(p.QueueName),
  blastRadius(p, context) {
    const affected = [String(p.QueueName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    const dlq = attr(context.target, "deadLetterQueue");
    if (dlq === "" || dlq === "none") {
      return refuse(
        "the queue has no dead-letter queue: moving messages aside would need a new queue",
        affected,
      );
    }
    if (dlq !== p.DeadLetterQueueName) {
      return refuse(`${p.DeadLetterQueueName} is not this queue's dead-letter queue (${dlq})`, affected);
    }
    const current = numAttr(context.target, "maxReceiveCount");
    if (Number(p.maxReceiveCount) >= current) {
      return refuse(
        `maxReceiveCount is already ${current}; lowering to ${p.maxReceiveCount} changes nothing`,
        affected,
      );
    }
    return {
      allowed: true,
      reason: `one queue, failing messages move to ${dlq} after ${p.maxReceiveCount} receives`,
      affected,
    };
  },
  successSignal: (p) => backlog(String(p.QueueName)),
  rollback: (p, before) => ({
    actionId: "sqs-restore-redrive-policy",
    params: {
      QueueName: p.QueueName,
      DeadLetterQueueName: p.DeadLetterQueueName,
      maxReceiveCount: numAttr(before, "maxReceiveCount"),
    },
  }),
};

export const sqsRestoreRedrive: ActionDefinition = {
  id: "sqs-restore-redrive-policy",
  title: "Restore a queue's recorded redrive policy",
  description:
    "Sets the queue's RedrivePolicy back to the recorded maxReceiveCount (sqs:SetQueueAttributes): the rollback " +
    "of moving poison messages aside. Nothing is deleted.",
  targetType: "sqs-queue",
  params: z.strictObject({
    QueueName: queueName,
    DeadLetterQueueName: queueName,
    maxReceiveCount: z.number().int().min(1).max(1000),
  }),
  risk: "low",
  reversible: true,
  executor: { type: "api", operation: "sqs:SetQueueAttributes" },
  targetOf: (p) => String(p.QueueName),
  blastRadius(p, context) {
    const affected = [String(p.QueueName)];
    if (attr(context.target, "deadLetterQueue") !== p.DeadLetterQueueName) {
      return refuse(`${p.DeadLetterQueueName} is not this queue's dead-letter queue`, affected);
    }
    return { allowed: true, reason: "one queue, redrive policy only", affected };
  },
  successSignal: (p) => backlog(String(p.QueueName)),
};

export const sqsRedriveDlq: ActionDefinition = {
  id: "sqs-redrive-dead-letter-queue",
  title: "Redrive a dead-letter queue back to its source queue once the consumer is fixed",
  description:
    "Starts a message move task from the dead-letter queue to its source (sqs:StartMessageMoveTask), rate-" +
    "limited. Messages are reprocessed, not deleted; the task can be cancelled but moved messages are not " +
    "moved back, so it needs sign-off.",
  targetType: "sqs-queue",
  params: z.strictObject({
    SourceQueueName: queueName,
    DeadLetterQueueName: queueName,
    MaxNumberOfMessagesPerSecond: z.number().int().min(1).max(500),
  }),
  risk: "medium",
  reversible: false,
  executor: { type: "api", operation: "sqs:StartMessageMoveTask" },
  targetOf: (p) => String(p.SourceQueueName),
  blastRadius(p, context) {
    const affected = [String(p.SourceQueueName), String(p.DeadLetterQueueName)];
    const busy = oneAtATime(context, affected);
    if (busy) return busy;
    if (attr(context.target, "deadLetterQueue") !== p.DeadLetterQueueName) {
      return refuse(
        `${p.DeadLetterQueueName} is not the dead-letter queue of ${p.SourceQueueName}`,
        affected,
      );
    }
    return {
      allowed: true,
      reason: `redrive at ≤ ${p.MaxNumberOfMessagesPerSecond} msg/s into one queue`,
      affected,
    };
  },
  successSignal: (p) => ({
    namespace: "AWS/SQS",
    metric: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: String(p.DeadLetterQueueName) },
    stat: "Maximum",
    recoveredWhen: "below",
    threshold: 1,
    datapoints: 2,
    deadlineMinutes: 30,
  }),
};
