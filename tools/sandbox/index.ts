/**
 * The simulated AWS account: the third implementation of the ports (beside `tools/aws` and `tools/local`),
 * used by the demo, Studio and the eval suite. `loadScenario` a YAML file, `createSandbox` it, hand
 * `sandbox.ports` to the graph and feed it `sandbox.runUntilAlarm()`'s EventBridge events.
 */
export type { AlarmStateChangeEvent, AlarmStateRecord } from "./alarms.js";
export type { AutomationStart } from "./automation.js";
export { VirtualClock } from "./clock.js";
export type {
  FaultInstance,
  FaultKind,
  FaultSchedule,
  FaultStatus,
  FaultTargetType,
} from "./faults/index.js";
export { defineFault, FAULT_REGISTRY, faultKind, knownFaultKinds } from "./faults/index.js";
export { incidentAtFirstAlarm } from "./first-alarm.js";
export type { SandboxPorts } from "./ports.js";
export type { Sandbox } from "./sandbox.js";
export { createSandbox } from "./sandbox.js";
export type { ScenarioIssue } from "./scenario/check.js";
export { declaredTargets, listed, resourceIds } from "./scenario/check.js";
export type { ScenarioFormat } from "./scenario/load.js";
export {
  formatPath,
  loadScenario,
  loadScenarioDir,
  parseScenario,
  ScenarioError,
} from "./scenario/load.js";
export type { Resolution, Scenario, ScenarioInput, Trigger } from "./scenario/schema.js";
export { ExpectationsSchema, ResolutionSchema, ScenarioSchema } from "./scenario/schema.js";
export type { SandboxOptions, World } from "./world.js";
