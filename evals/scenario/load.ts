/**
 * Loading scenarios for the eval suite: the simulated account's loader with the ground-truth schema and its
 * checks, so every failure still names the file, the field path and what to do.
 */
import {
  loadScenario as loadSimulation,
  loadScenarioDir as loadSimulationDir,
  parseScenario as parseSimulation,
  type ScenarioFormat,
} from "../../tools/sandbox/index.js";
import { checkGroundTruth } from "./check.js";
import { type Scenario, ScenarioSchema } from "./schema.js";

const EVAL_FORMAT: ScenarioFormat<Scenario> = { schema: ScenarioSchema, check: checkGroundTruth };

/** Validates a parsed scenario object, ground truth included; throws ScenarioError. */
export function parseScenario(input: unknown, source?: string): Scenario {
  return parseSimulation(input, source, EVAL_FORMAT);
}

/** Reads, parses and validates one scenario YAML file, ground truth included. */
export function loadScenario(path: string): Scenario {
  return loadSimulation(path, EVAL_FORMAT);
}

/** Loads every `*.yaml` / `*.yml` scenario in a directory, sorted by file name. */
export function loadScenarioDir(dir: string): Scenario[] {
  return loadSimulationDir(dir, EVAL_FORMAT);
}
