/** Which simulated scenario Studio threads run against, and where scenarios live. */
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { loadScenario, type Scenario } from "../../tools/sandbox/index.js";

/** The default: a bad ECS deploy whose rollback needs sign-off, so Studio shows the approval interrupt. */
export const DEFAULT_STUDIO_SCENARIO = "bad-ecs-deploy";

/** The shipped scenarios folder (`evals/scenarios/`). */
export const SCENARIOS_DIR = fileURLToPath(new URL("../../evals/scenarios/", import.meta.url));

/** Scenario ids available to Studio (file names without `.yaml`). */
export function studioScenarioIds(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith(".yaml"))
    .map((f) => f.slice(0, -".yaml".length))
    .sort();
}

/** The scenario id: an explicit one (thread config), else `AIR_STUDIO_SCENARIO`, else the default. */
export function studioScenarioId(explicit?: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (typeof explicit === "string" && explicit.trim()) return explicit.trim();
  return env.AIR_STUDIO_SCENARIO?.trim() || DEFAULT_STUDIO_SCENARIO;
}

const cache = new Map<string, Scenario>();

/** Loads (once) and validates a scenario by id; the error lists the ids that exist. */
export function loadStudioScenario(id: string): Scenario {
  const cached = cache.get(id);
  if (cached) return cached;
  const path = `${SCENARIOS_DIR}${id}.yaml`;
  if (!/^[\w-]+$/.test(id) || !existsSync(path)) {
    throw new Error(
      `Studio scenario "${id}" does not exist in evals/scenarios/. ` +
        `Set AIR_STUDIO_SCENARIO (or the thread's configurable.scenario) to one of: ${studioScenarioIds().join(", ")}.`,
    );
  }
  const scenario = loadScenario(path);
  cache.set(id, scenario);
  return scenario;
}

/** The scenario an incident id was opened for (ids start with the scenario id), if it is a known one. */
export function scenarioOfIncident(incidentId: string): string | undefined {
  return studioScenarioIds()
    .filter((id) => incidentId.startsWith(`${id}-`))
    .sort((a, b) => b.length - a.length)[0];
}
