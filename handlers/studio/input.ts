/** The `{ incident }` input a Studio thread starts from, for a scenario. */
import type { Incident } from "../../tools/domain/index.js";
import { LazyRetriever } from "./retriever.js";
import { studioScenarioId } from "./scenario.js";
import { incidentOf, StudioWorlds } from "./worlds.js";

/** The incident the scenario's first alarm opens, exactly as a Studio thread's world will see it. */
export function studioInput(scenario?: string): { incident: Incident } {
  // The retriever is never searched here: only the world up to its first alarm is built.
  const world = new StudioWorlds(new LazyRetriever()).create(studioScenarioId(scenario));
  return { incident: incidentOf(world) };
}
