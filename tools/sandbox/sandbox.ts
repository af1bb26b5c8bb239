/**
 * createSandbox: a simulated AWS account for one scenario, ready at minute 0 with its history behind it.
 */
import type { AlarmStateChangeEvent } from "./alarms.js";
import type { AutomationStart } from "./automation.js";
import type { VirtualClock } from "./clock.js";
import type { FaultStatus } from "./faults/index.js";
import type { SandboxPorts } from "./ports.js";
import { sandboxPorts } from "./ports.js";
import { parseScenario } from "./scenario/load.js";
import type { Scenario, ScenarioInput } from "./scenario/schema.js";
import { Simulation } from "./simulation.js";
import type { SandboxOptions, World } from "./world.js";
import { MINUTE_MS } from "./world.js";

export interface Sandbox {
  scenario: Scenario;
  /** Metrics, alarms, logs, changes, resources, automation and clock ports over the simulated account. */
  ports: SandboxPorts;
  /** The simulated state itself (for scorers and tests; the graph never sees it). */
  world: World;
  clock: VirtualClock;
  /** Every automation that really started; a repeated clientToken adds nothing. */
  automationStarts: readonly AutomationStart[];
  /** Every alarm state change event since minute 0, oldest first. */
  events: readonly AlarmStateChangeEvent[];
  /** Minutes since timeline start. */
  minute(): number;
  /** Advances the clock; returns the events emitted meanwhile. */
  advance(minutes: number): AlarmStateChangeEvent[];
  /**
   * Advances minute by minute until an alarm (the named one, if given) goes to ALARM, or `maxMinutes` pass
   * (default: the rest of the scenario's duration). Returns every event emitted meanwhile.
   */
  runUntilAlarm(options?: { maxMinutes?: number; alarmName?: string }): AlarmStateChangeEvent[];
  /** Subscribes to alarm events as they happen; returns the unsubscribe function. */
  onEvent(listener: (event: AlarmStateChangeEvent) => void): () => void;
  /** Each injected fault: pending, active, resolved (cause removed) or ended (its duration passed). */
  faults(): { kind: string; target: string; status: FaultStatus }[];
}

/** Builds the simulated account for a scenario (validated here, so an inline object works too). */
export function createSandbox(scenario: Scenario | ScenarioInput, options: SandboxOptions = {}): Sandbox {
  const valid = parseScenario(scenario);
  const sim = new Simulation(valid, options);
  const advance = (minutes: number) => {
    const before = sim.events.length;
    sim.clock.advanceMs(minutes * MINUTE_MS);
    return sim.events.slice(before);
  };
  return {
    scenario: valid,
    ports: sandboxPorts(sim),
    world: sim.world,
    clock: sim.clock,
    automationStarts: sim.automation.starts,
    events: sim.events,
    minute: () => sim.minute(),
    advance,
    runUntilAlarm(options = {}) {
      const max = options.maxMinutes ?? Math.max(1, valid.timeline.durationMinutes - sim.minute());
      const before = sim.events.length;
      for (let i = 0; i < max; i++) {
        const fresh = advance(1);
        if (
          fresh.some(
            (e) =>
              e.detail.state.value === "ALARM" &&
              (!options.alarmName || e.detail.alarmName === options.alarmName),
          )
        ) {
          break;
        }
      }
      return sim.events.slice(before);
    },
    onEvent: (listener) => sim.onEvent(listener),
    faults: () => sim.faultStatus(),
  };
}
