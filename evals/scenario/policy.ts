/**
 * A scenario may set the safety gate's policy (freeze windows, kill switch, enabled actions, approvers), so
 * the eval exercises those branches end to end. The policy is validated by the gate's own parser: the same
 * rules and messages as a deployment's policy file.
 */
import { type GatePolicy, parseGatePolicy } from "../../graph/policy/config.js";
import type { Scenario } from "./schema.js";

/** The gate policy a scenario runs under: its own `policy` block, or the defaults. */
export function scenarioPolicy(scenario: Pick<Scenario, "policy" | "metadata">): GatePolicy {
  return parseGatePolicy(scenario.policy ?? {}, `scenario ${scenario.metadata.id}: policy`);
}
