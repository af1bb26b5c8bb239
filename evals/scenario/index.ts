/** Scenarios as the eval suite sees them: the simulated account's format plus the ground truth. */
export { checkGroundTruth, isMatcher } from "./check.js";
export { loadScenario, loadScenarioDir, parseScenario } from "./load.js";
export { scenarioPolicy } from "./policy.js";
export type { ActionRef, GroundTruth, RootCause, Scenario, ScenarioInput } from "./schema.js";
export { GroundTruthSchema, ScenarioSchema, scenarioJsonSchema } from "./schema.js";
