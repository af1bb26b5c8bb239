/**
 * Whether the live AWS adapter runs an action (what `air actions list` shows in its `aws` column): an API
 * action when `tools/aws/automation` makes its operation, an SSM Automation runbook or a Run Command script
 * always (the adapter starts any document; the stack grants each one only when its action is enabled).
 */
import { ACTION_CATALOGUE } from "../../../knowledge/actions/index.js";
import { SUPPORTED_OPERATIONS } from "../../../tools/aws/automation/api-calls.js";

export function hasLiveAwsExecutor(actionId: string): boolean {
  const action = ACTION_CATALOGUE.find((a) => a.id === actionId);
  if (!action) return false;
  return action.executor.type !== "api" || SUPPORTED_OPERATIONS.includes(action.executor.operation);
}
