/**
 * The minute step of the world, in order: noise and faults act, metrics and logs are sampled; once time
 * reaches the next minute, instances finish booting, automations complete and alarms are evaluated.
 */
import type { AlarmStateChangeEvent } from "./alarms.js";
import { AlarmEngine } from "./alarms.js";
import { SandboxAutomation } from "./automation.js";
import { VirtualClock } from "./clock.js";
import { writeWafLogs } from "./edge.js";
import type { FaultInstance, FaultStatus } from "./faults/index.js";
import { faultKind, knownFaultKinds } from "./faults/index.js";
import { writeChatter, writeLine } from "./logs.js";
import { sampleMinute } from "./metrics.js";
import { streamFor } from "./random.js";
import type { Scenario } from "./scenario/schema.js";
import type { SandboxOptions, World } from "./world.js";
import { buildWorld, isoAt, MINUTE_MS, recordChange } from "./world.js";

export class Simulation {
  readonly world: World;
  readonly clock: VirtualClock;
  readonly alarms: AlarmEngine;
  readonly automation: SandboxAutomation;
  readonly faults: FaultInstance[];
  /** Every alarm event emitted since minute 0, oldest first. */
  readonly events: AlarmStateChangeEvent[] = [];
  private readonly listeners = new Set<(event: AlarmStateChangeEvent) => void>();

  constructor(
    readonly scenario: Scenario,
    options: SandboxOptions = {},
  ) {
    this.world = buildWorld(scenario, options);
    const history = scenario.timeline.historyMinutes;
    const historyStart = this.world.startMs - history * MINUTE_MS;
    this.faults = scenario.faults.map((f) => {
      const kind = faultKind(f.kind);
      if (!kind)
        throw new Error(`unknown fault kind '${f.kind}'; known kinds: ${knownFaultKinds().join(", ")}`);
      return kind.create(
        {
          kind: f.kind,
          target: f.target,
          startMinute: f.startMinute ?? scenario.timeline.faultStartMinute,
          ...(f.durationMinutes !== undefined ? { durationMinutes: f.durationMinutes } : {}),
          ...(f.quietLogs ? { quietLogs: true } : {}),
        },
        f.params,
      );
    });
    for (const change of scenario.noise.changes) {
      if (change.minute < -history) this.applyNoiseChange(change);
    }
    this.alarms = new AlarmEngine(this.world, scenario.triggers, historyStart);
    this.clock = new VirtualClock(historyStart, {
      simulate: (ms) => this.simulate(ms),
      reached: (ms) => this.reached(ms),
    });
    this.automation = new SandboxAutomation(this.world, () => this.clock.nowMs());
    this.clock.advanceMs(history * MINUTE_MS);
  }

  /** Minutes since timeline start (0 right after creation). */
  minute(): number {
    return Math.floor((this.clock.nowMs() - this.world.startMs) / MINUTE_MS);
  }

  onEvent(listener: (event: AlarmStateChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Each fault and where it stands now. */
  faultStatus(): { kind: string; target: string; status: FaultStatus }[] {
    const minute = this.minute();
    return this.faults.map((f) => ({
      kind: f.schedule.kind,
      target: f.schedule.target,
      status: f.status(this.world, minute),
    }));
  }

  private simulate(minuteStartMs: number): void {
    const world = this.world;
    const minute = Math.round((minuteStartMs - world.startMs) / MINUTE_MS);
    const firstLog = world.logs.length;
    world.effects.services.clear();
    world.effects.instanceCpu.clear();
    world.effects.resources.clear();
    for (const change of this.scenario.noise.changes)
      if (change.minute === minute) this.applyNoiseChange(change);
    this.scenario.noise.logLines.forEach((line, i) => {
      const every = line.everyMinutes ?? 1;
      const k = (minute - line.minute) / every;
      if (k >= 0 && Number.isInteger(k) && k < line.times) {
        writeLine(world, minute, streamFor(world.seed, "noise-log", i, minute), line);
      }
    });
    for (const fault of this.faults) fault.step(world, minute);
    sampleMinute(world, minute);
    writeChatter(world, minute);
    writeWafLogs(world, minute);
    const fresh = world.logs.splice(firstLog).sort((a, b) => a.time.localeCompare(b.time));
    world.logs.push(...fresh);
  }

  private reached(boundaryMs: number): void {
    for (const instance of this.world.instances.values()) {
      if (instance.status === "pending" && (instance.readyAtMs ?? 0) <= boundaryMs)
        instance.status = "running";
    }
    this.automation.completeDue(boundaryMs);
    const events = this.alarms.evaluate(boundaryMs, boundaryMs > this.world.startMs);
    for (const event of events) {
      this.events.push(event);
      for (const listener of this.listeners) listener(event);
    }
  }

  /** Records a decoy change; a deployment with `to` on an ECS service or Lambda alias also moves it. */
  private applyNoiseChange(change: Scenario["noise"]["changes"][number]): void {
    const world = this.world;
    let from = change.from;
    const ecs = change.resourceId ? world.ecs.get(change.resourceId) : undefined;
    const fn = change.resourceId ? world.lambdas.get(change.resourceId) : undefined;
    if (change.kind === "deployment" && change.to && ecs) {
      from ??= ecs.taskDefinition;
      ecs.previousTaskDefinitions = [
        ecs.taskDefinition,
        ...ecs.previousTaskDefinitions.filter((t) => t !== ecs.taskDefinition),
      ];
      ecs.taskDefinition = change.to;
    } else if (change.kind === "deployment" && change.to && fn) {
      from ??= fn.aliasVersion;
      fn.previousVersions = [fn.aliasVersion, ...fn.previousVersions.filter((v) => v !== fn.aliasVersion)];
      fn.aliasVersion = change.to;
    }
    recordChange(world, {
      time: isoAt(world.startMs + change.minute * MINUTE_MS + 17_000),
      service: change.service,
      resourceId: change.resourceId ?? change.service,
      kind: change.kind,
      summary: change.summary,
      ...(from ? { from } : {}),
      ...(change.to ? { to: change.to } : {}),
      ...(change.author ? { author: change.author } : {}),
    });
  }
}
