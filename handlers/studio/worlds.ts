/**
 * One simulated AWS account per Studio thread. The graph's ports are bound when it is built, so the
 * graph gets forwarding ports that look up the current thread's world (from LangGraph's run config) on
 * every call. Worlds are deterministic under the scenario's seed: a thread's world always matches the
 * incident `studioInput()` returns for the same scenario.
 */
import type { RunnableConfig } from "@langchain/core/runnables";
import { getConfig, getCurrentTaskInput } from "@langchain/langgraph";
import type { RunbookRetriever } from "../../knowledge/retrieval/types.js";
import type { Incident } from "../../tools/domain/index.js";
import type { Ports } from "../../tools/ports.js";
import { prepareSimulatedRun, type SimulatedRun } from "../runtime/local.js";
import { loadStudioScenario, scenarioOfIncident, studioScenarioId } from "./scenario.js";

/** A thread's simulated account, stopped at the minute its first alarm fired. */
export interface StudioWorld {
  scenarioId: string;
  run: SimulatedRun;
}

/** Worlds kept at once; the oldest is dropped (a resumed thread then gets a fresh, identical world). */
const MAX_WORLDS = 64;

const NO_THREAD = "(no thread)";

/** Every port of the graph; typed as a full record so a new port cannot be forgotten here. */
const PORT_NAMES: Record<keyof Ports, true> = {
  metrics: true,
  alarms: true,
  logs: true,
  changes: true,
  resources: true,
  automation: true,
  clock: true,
  notifier: true,
  audit: true,
  outcomes: true,
  reports: true,
  calendar: true,
  diagnostics: true,
};

export class StudioWorlds {
  private readonly worlds = new Map<string, StudioWorld>();

  constructor(private readonly retriever: RunbookRetriever) {}

  /** The world for a thread, created on first use from its scenario. */
  forThread(threadId: string, scenario?: unknown): StudioWorld {
    const existing = this.worlds.get(threadId);
    if (existing) return existing;
    const world = this.create(studioScenarioId(scenario));
    this.worlds.set(threadId, world);
    for (const key of this.worlds.keys()) {
      if (this.worlds.size <= MAX_WORLDS) break;
      this.worlds.delete(key);
    }
    return world;
  }

  /** A fresh world for a scenario (not registered to any thread). */
  create(scenarioId: string): StudioWorld {
    const run = prepareSimulatedRun(loadStudioScenario(scenarioId), { retriever: this.retriever });
    return { scenarioId, run };
  }

  /**
   * The world of the run LangGraph is executing right now, by its `thread_id`. A new world's scenario is
   * the config's `scenario`, else the one the input incident was opened for, else the default.
   */
  current(): StudioWorld {
    const config = getConfig();
    const configurable = config?.configurable ?? {};
    const threadId = typeof configurable.thread_id === "string" ? configurable.thread_id : NO_THREAD;
    const existing = this.worlds.get(threadId);
    if (existing) return existing;
    return this.forThread(threadId, configurable.scenario ?? scenarioOfTask(config));
  }

  /** Ports that forward every call to the current thread's world. */
  ports(): Ports {
    const names = Object.keys(PORT_NAMES) as (keyof Ports)[];
    return Object.fromEntries(names.map((name) => [name, this.forward(name)])) as unknown as Ports;
  }

  private forward(name: keyof Ports): object {
    return new Proxy(
      {},
      {
        get: (_target, member) => {
          const port = this.current().run.ports[name] as unknown as Record<PropertyKey, unknown>;
          const value = port[member];
          return typeof value === "function" ? value.bind(port) : value;
        },
      },
    );
  }
}

/** The scenario of the incident in the current task's input, when there is one. */
function scenarioOfTask(config: RunnableConfig | undefined): string | undefined {
  try {
    const input = getCurrentTaskInput<{ incident?: { id?: unknown } }>(config);
    const id = input?.incident?.id;
    return typeof id === "string" ? scenarioOfIncident(id) : undefined;
  } catch {
    return undefined;
  }
}

/** The incident a scenario's first alarm opens, or an error saying the scenario never alarms. */
export function incidentOf(world: StudioWorld): Incident {
  const incident = world.run.incident;
  if (!incident) {
    throw new Error(`Scenario "${world.scenarioId}" never raises an alarm, so there is no incident to run.`);
  }
  return incident;
}
