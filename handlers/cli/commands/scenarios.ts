import { access } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadScenario, type Scenario, ScenarioError } from "../../../tools/sandbox/index.js";
import { CliError } from "../errors.js";

/** The bundled scenarios folder. */
export const SCENARIOS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "../../../evals/scenarios");

/** The three incidents `air demo` plays: fixed automatically, fixed after sign-off, escalated. */
export const DEMO_SCENARIOS = ["disk-full-logs", "bad-ecs-deploy", "third-party-outage"];
/** `air demo --all` adds these. */
export const EXTRA_DEMO_SCENARIOS = ["traffic-surge-asg", "memory-leak-ec2", "control-no-fault"];

/** Loads a scenario by path, or by the name of a bundled one; a clear CliError otherwise. */
export async function loadScenarioArg(arg: string): Promise<Scenario> {
  const candidates = [resolve(arg), join(SCENARIOS_DIR, arg), join(SCENARIOS_DIR, `${arg}.yaml`)];
  for (const path of candidates) {
    const exists = await access(path).then(
      () => true,
      () => false,
    );
    if (!exists) continue;
    try {
      return await loadScenario(path);
    } catch (error) {
      if (error instanceof ScenarioError) throw new CliError(error.message);
      throw error;
    }
  }
  throw new CliError(
    `scenario "${arg}" not found (looked for ${candidates[0]} and a bundled scenario of that name in ${SCENARIOS_DIR}).\n` +
      "Give a path to a scenario YAML file, or a bundled name such as bad-ecs-deploy.",
  );
}
