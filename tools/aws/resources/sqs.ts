/**
 * SQS queues as ResourceDescriptions (`GetQueueUrl`, `GetQueueAttributes`, `ListQueueTags`,
 * `ListDeadLetterSourceQueues`), with the attribute names of the simulated account: url, arn, the
 * dead-letter queue's name and maxReceiveCount from the RedrivePolicy (`deadLetterQueue: "none"` without
 * one), plus the visibility timeout and approximate counts. A queue that is itself a dead-letter queue lists
 * the queues that send to it (`deadLetterSourceQueues`), the side a redrive moves messages back to.
 */
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListDeadLetterSourceQueuesCommand,
  ListQueueTagsCommand,
  type QueueAttributeName,
  type SQSClient,
} from "@aws-sdk/client-sqs";
import { awsCall } from "../../aws-shared/errors.js";
import type { ResourceDescription } from "../../domain/index.js";
import { tagValue } from "../util.js";
import { readable } from "./readable.js";

const ctx = (client: SQSClient, action: string, resource: string) => ({
  action,
  resource,
  region: () => client.config.region(),
});

const ATTRIBUTES: QueueAttributeName[] = [
  "QueueArn",
  "RedrivePolicy",
  "VisibilityTimeout",
  "ApproximateNumberOfMessages",
  "ApproximateNumberOfMessagesNotVisible",
  "ApproximateNumberOfMessagesDelayed",
];

/** Queue name of a queue ARN (`arn:aws:sqs:eu-west-1:123:orders-dlq` → `orders-dlq`) or URL. */
export function queueNameOf(arnOrUrl: string): string {
  return arnOrUrl.split(/[:/]/).at(-1) ?? "";
}

/** The RedrivePolicy attribute (a JSON string); undefined when absent or unreadable. */
export function parseRedrivePolicy(
  text: string | undefined,
): { deadLetterTargetArn: string; maxReceiveCount: number } | undefined {
  if (!text) return undefined;
  try {
    const policy = JSON.parse(text) as { deadLetterTargetArn?: unknown; maxReceiveCount?: unknown };
    const arn = typeof policy.deadLetterTargetArn === "string" ? policy.deadLetterTargetArn : "";
    const count = Number(policy.maxReceiveCount);
    return arn && Number.isInteger(count) && count > 0
      ? { deadLetterTargetArn: arn, maxReceiveCount: count }
      : undefined;
  } catch {
    return undefined;
  }
}

const count = (v: string | undefined) => (v === undefined || v === "" ? undefined : Number(v));

export function queueDescription(
  name: string,
  url: string,
  attributes: Partial<Record<string, string>>,
  tags: Record<string, string>,
  sources: readonly string[],
  keys: readonly string[],
): ResourceDescription {
  const redrive = parseRedrivePolicy(attributes["RedrivePolicy"]);
  const numbers = {
    visibilityTimeoutSeconds: count(attributes["VisibilityTimeout"]),
    approximateNumberOfMessages: count(attributes["ApproximateNumberOfMessages"]),
    approximateNumberOfMessagesNotVisible: count(attributes["ApproximateNumberOfMessagesNotVisible"]),
    approximateNumberOfMessagesDelayed: count(attributes["ApproximateNumberOfMessagesDelayed"]),
  };
  return {
    id: name,
    type: "sqs-queue",
    service: tagValue(tags, keys) ?? "unknown",
    state: "active",
    tags,
    attributes: {
      url,
      ...(attributes["QueueArn"] ? { arn: attributes["QueueArn"] } : {}),
      ...(redrive
        ? {
            deadLetterQueue: queueNameOf(redrive.deadLetterTargetArn),
            deadLetterQueueArn: redrive.deadLetterTargetArn,
            maxReceiveCount: redrive.maxReceiveCount,
          }
        : { deadLetterQueue: "none" }),
      ...Object.fromEntries(Object.entries(numbers).filter(([, v]) => v !== undefined && Number.isFinite(v))),
      ...(sources.length ? { deadLetterSourceQueues: sources.join(",") } : {}),
    },
  };
}

async function sourceQueues(client: SQSClient, url: string, name: string): Promise<string[]> {
  const out: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await awsCall(ctx(client, "sqs:ListDeadLetterSourceQueues", `queue ${name}`), () =>
      client.send(new ListDeadLetterSourceQueuesCommand({ QueueUrl: url, NextToken, MaxResults: 100 })),
    );
    out.push(...(page.queueUrls ?? []).map(queueNameOf));
    NextToken = page.NextToken;
  } while (NextToken);
  return out.sort();
}

/** A queue by name; undefined when it does not exist or its reads are denied (untagged). */
export async function describeQueue(
  client: SQSClient,
  name: string,
  keys: readonly string[],
): Promise<ResourceDescription | undefined> {
  return readable(async () => {
    const { QueueUrl: url } = await awsCall(ctx(client, "sqs:GetQueueUrl", `queue ${name}`), () =>
      client.send(new GetQueueUrlCommand({ QueueName: name })),
    );
    if (!url) return undefined;
    const [attrs, tags, sources] = await Promise.all([
      awsCall(ctx(client, "sqs:GetQueueAttributes", `queue ${name}`), () =>
        client.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ATTRIBUTES })),
      ),
      awsCall(ctx(client, "sqs:ListQueueTags", `queue ${name}`), () =>
        client.send(new ListQueueTagsCommand({ QueueUrl: url })),
      ),
      sourceQueues(client, url, name),
    ]);
    return queueDescription(name, url, attrs.Attributes ?? {}, { ...(tags.Tags ?? {}) }, sources, keys);
  });
}
