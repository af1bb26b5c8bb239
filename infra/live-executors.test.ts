/**
 * The stack and the live AWS adapter agree on what can run: an action with a direct-API executor may be
 * enabled exactly when the adapter executes its operation.
 */
import { ACTION_CATALOGUE } from "../knowledge/actions/index.js";
import { SUPPORTED_OPERATIONS } from "../tools/aws/automation/api-calls.js";
import { ACTION_IDS, NO_LIVE_EXECUTOR_ACTION_IDS } from "./config.js";

describe("live executors", () => {
  it("lets an API action be enabled only when the AWS adapter executes its operation", () => {
    const mismatches = ACTION_CATALOGUE.filter((a) => a.executor.type === "api").flatMap((a) => {
      const operation = a.executor.type === "api" ? a.executor.operation : "";
      const live = SUPPORTED_OPERATIONS.includes(operation);
      const refused = NO_LIVE_EXECUTOR_ACTION_IDS.includes(a.id as (typeof ACTION_IDS)[number]);
      return live === refused ? [`${a.id} (${operation}): live=${live}, refused at synth=${refused}`] : [];
    });
    expect(mismatches).toEqual([]);
  });

  it("lists only catalogue actions as lacking an executor", () => {
    for (const id of NO_LIVE_EXECUTOR_ACTION_IDS) expect(ACTION_IDS).toContain(id);
  });
});
