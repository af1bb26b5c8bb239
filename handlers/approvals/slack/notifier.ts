/**
 * Slack in front of another notifier: an approval request goes to the channel as a message with the
 * evidence and Approve / Reject buttons; every later notification for that incident (executing, verified,
 * rolled back, escalated, resolved) goes to the message's thread. The wrapped notifier (SNS, e-mail) still
 * gets everything, and a Slack failure never stops the incident's run.
 */
import type { TimelineEntry } from "../../../agents/shared/timeline.js";
import { EXECUTE_NODE } from "../../../graph/nodes/execute.js";
import { ROLLBACK_NODE } from "../../../graph/nodes/rollback.js";
import { VERIFY_NODE } from "../../../graph/nodes/verify.js";
import type { Notification } from "../../../tools/domain/index.js";
import type { Logger } from "../../../tools/logger.js";
import type { NotifierPort } from "../../../tools/ports.js";
import type { SlackClient, SlackThreadStore } from "./client.js";
import { approvalRequestMessage, lifecycleText, tokenFromLink } from "./messages.js";

/** Timeline nodes whose lines are lifecycle news for the approvers' thread (escalation and the outcome come by notify). */
const LIFECYCLE_NODES = new Set([EXECUTE_NODE, VERIFY_NODE, ROLLBACK_NODE]);

export class SlackNotifier implements NotifierPort {
  constructor(
    private readonly inner: NotifierPort,
    private readonly slack: SlackClient,
    private readonly channel: string,
    private readonly threads: SlackThreadStore,
    private readonly logger?: Logger,
  ) {}

  async notify(n: Notification): Promise<void> {
    await this.inner.notify(n);
    try {
      const thread = await this.threads.get(n.incidentId);
      const token = tokenFromLink(n.link);
      if (n.kind === "approval-request" && token) {
        const posted = await this.slack.chat.postMessage({
          channel: this.channel,
          ...approvalRequestMessage(n, token),
          ...(thread ? { thread_ts: thread.ts } : {}),
        });
        if (!thread && posted.ts)
          await this.threads.put(n.incidentId, { channel: posted.channel ?? this.channel, ts: posted.ts });
        return;
      }
      if (thread)
        await this.slack.chat.postMessage({
          channel: thread.channel,
          thread_ts: thread.ts,
          text: lifecycleText(n),
        });
    } catch (error) {
      this.logger?.warn("slack notification failed", {
        incidentId: n.incidentId,
        error: (error as Error).message,
      });
    }
  }

  /** Executing, verified / not recovered, rolled back: posted in the thread of an incident Slack was asked about. */
  async lifecycle(incidentId: string, entry: TimelineEntry): Promise<void> {
    if (!LIFECYCLE_NODES.has(entry.node)) return;
    try {
      const thread = await this.threads.get(incidentId);
      if (thread)
        await this.slack.chat.postMessage({
          channel: thread.channel,
          thread_ts: thread.ts,
          text: `${entry.node === ROLLBACK_NODE ? ":rewind:" : entry.node === EXECUTE_NODE ? ":gear:" : ":mag:"} ${entry.node}: ${entry.summary}`,
        });
    } catch (error) {
      this.logger?.warn("slack lifecycle update failed", { incidentId, error: (error as Error).message });
    }
  }
}
