/**
 * The part of `@slack/web-api`'s WebClient the responder uses, so tests pass a mocked client and production
 * a real one (`new WebClient(botToken)`).
 */
import type { WebClient } from "@slack/web-api";

export type SlackClient = { chat: Pick<WebClient["chat"], "postMessage" | "update"> };

/** Where each incident's approval message lives, so lifecycle updates go to its thread. */
export interface SlackThreadStore {
  get(incidentId: string): Promise<{ channel: string; ts: string } | undefined>;
  put(incidentId: string, thread: { channel: string; ts: string }): Promise<void>;
}

export class MemorySlackThreads implements SlackThreadStore {
  private readonly threads = new Map<string, { channel: string; ts: string }>();
  async get(incidentId: string) {
    return this.threads.get(incidentId);
  }
  async put(incidentId: string, thread: { channel: string; ts: string }) {
    this.threads.set(incidentId, thread);
  }
}
