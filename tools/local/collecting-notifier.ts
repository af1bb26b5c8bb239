import type { Notification } from "../domain/index.js";
import type { NotifierPort } from "../ports.js";

/** Keeps notifications (and optionally shows them) instead of sending them: local runs and tests. */
export class CollectingNotifier implements NotifierPort {
  readonly sent: Notification[] = [];

  constructor(private readonly onNotify?: (n: Notification) => void) {}

  async notify(notification: Notification): Promise<void> {
    this.sent.push(notification);
    this.onNotify?.(notification);
  }
}
