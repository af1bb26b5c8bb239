import type { ActionOutcome } from "../domain/index.js";
import type { OutcomesPort } from "../ports.js";

/** Outcome statistics in memory (local runs and tests); DynamoDB in production. */
export class MemoryOutcomes implements OutcomesPort {
  readonly outcomes: ActionOutcome[] = [];

  async record(outcome: ActionOutcome): Promise<void> {
    this.outcomes.push(outcome);
  }

  async stats(signature: string, actionId: string) {
    const matching = this.outcomes.filter((o) => o.signature === signature && o.actionId === actionId);
    return {
      successes: matching.filter((o) => o.result === "success").length,
      failures: matching.filter((o) => o.result === "failure").length,
    };
  }

  async recentOnResource(resourceId: string, since: Date) {
    return this.outcomes.filter((o) => o.resourceId === resourceId && new Date(o.time) >= since);
  }

  async forIncident(incidentId: string) {
    return this.outcomes.filter((o) => o.incidentId === incidentId);
  }

  async forSignature(signature: string, limit: number) {
    return this.outcomes
      .filter((o) => o.signature === signature)
      .sort((a, b) => b.time.localeCompare(a.time))
      .slice(0, limit);
  }
}
