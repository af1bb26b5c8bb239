import type { Notification } from "../domain/index.js";
import type { NotifierPort } from "../ports.js";

/** Keeps notifications (and optionally shows them) instead of sending them: local runs and tests. */
export class CollectingNotifier implements NotifierPort {
  readonly sent: Notification[] = [];
  private readonly keys = new Set<string>();

  constructor(private readonly onNotify?: (n: Notification) => void) {}

  /** A notification whose key was already delivered is dropped, as SNS FIFO deduplication would. */
  async notify(notification: Notification): Promise<void> {
    if (notification.key) {
      if (this.keys.has(notification.key)) return;
      this.keys.add(notification.key);
    }
    this.sent.push(notification);
    this.onNotify?.(notification);
  }
}
