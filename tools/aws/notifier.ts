/**
 * NotifierPort over SNS `Publish`. The subject is cleaned to what SNS accepts (one line, ≤ 100 characters);
 * `kind` and `incidentId` (and `audience`) travel as message attributes so subscriptions can filter on them.
 * FIFO topics get the incident as message group and a content hash as deduplication id.
 */
import { createHash } from "node:crypto";
import { PublishCommand, type SNSClient } from "@aws-sdk/client-sns";
import { awsCall } from "../aws-shared/errors.js";
import type { Notification } from "../domain/index.js";
import type { NotifierPort } from "../ports.js";
import { truncate } from "./util.js";

/** SNS message bodies are limited to 256 KB; leave room for attributes. */
const MAX_MESSAGE_BYTES = 250_000;

/** One printable line of at most 100 characters, as SNS requires of subjects. */
export function snsSubject(subject: string): string {
  const printable = [...subject]
    .map((c) => ((c.codePointAt(0) ?? 0) < 0x20 || c === "\u007f" ? " " : c))
    .join("");
  const line = printable.replace(/\s+/g, " ").trim() || "Incident notification";
  const chars = [...line];
  return chars.length <= 100 ? line : `${chars.slice(0, 99).join("")}…`;
}

export function snsMessage(n: Notification): string {
  const parts = [n.body];
  if (n.link) parts.push("", `Link: ${n.link}`);
  if (n.audience) parts.push(`Audience: ${n.audience}`);
  parts.push(`Incident: ${n.incidentId}`);
  let message = parts.join("\n");
  while (Buffer.byteLength(message, "utf8") > MAX_MESSAGE_BYTES)
    message = truncate(message, Math.floor(message.length * 0.9));
  return message;
}

export class SnsNotifier implements NotifierPort {
  constructor(
    private readonly client: SNSClient,
    private readonly topicArn: string,
  ) {}

  async notify(notification: Notification): Promise<void> {
    const message = snsMessage(notification);
    const fifo = this.topicArn.endsWith(".fifo");
    const attributes: Record<string, { DataType: string; StringValue: string }> = {
      kind: { DataType: "String", StringValue: notification.kind },
      incidentId: { DataType: "String", StringValue: notification.incidentId },
    };
    if (notification.audience)
      attributes["audience"] = { DataType: "String", StringValue: notification.audience };
    await awsCall(
      {
        action: "sns:Publish",
        resource: `topic ${this.topicArn}`,
        region: () => this.client.config.region(),
      },
      () =>
        this.client.send(
          new PublishCommand({
            TopicArn: this.topicArn,
            Subject: snsSubject(notification.subject),
            Message: message,
            MessageAttributes: attributes,
            ...(fifo
              ? {
                  MessageGroupId: notification.incidentId,
                  // The idempotency key makes a node re-run after a crash publish once (within SNS's window).
                  MessageDeduplicationId: createHash("sha256")
                    .update(notification.key ?? `${notification.kind}\n${message}`)
                    .digest("hex"),
                }
              : {}),
          }),
        ),
    );
  }
}
