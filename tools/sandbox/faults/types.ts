/**
 * The contract of a fault kind. A fault is one module: a zod schema for its params, what it targets, what it
 * does when it starts and every minute it runs (state changes, metric effects, log lines, changes), and when
 * its cause counts as removed. `defineFault` turns that into the untyped shape the registry holds.
 */
import type { z } from "zod";
import type { LogLevel } from "../../domain/index.js";
import { writeLine } from "../logs.js";
import { streamFor } from "../random.js";
import type { World } from "../world.js";
import { minuteMs } from "../world.js";

/** What a fault's `target` names: a resource id, or an external service name. */
export type FaultTargetType =
  | "ecs-service"
  | "ec2-instance"
  | "autoscaling-group"
  | "lambda-function"
  | "external-service"
  | "rds-instance"
  | "sqs-queue"
  | "dynamodb-table"
  | "load-balancer"
  | "elasticache-cluster";

/** When and where a fault runs. */
export interface FaultSchedule {
  kind: string;
  target: string;
  startMinute: number;
  durationMinutes?: number;
  /** The fault's own log lines are not written (the scenario writes its own wording). */
  quietLogs?: boolean;
}

export interface FaultContext<P> {
  world: World;
  params: P;
  target: string;
  /** The minute being simulated (0 = timeline start). */
  minute: number;
  /** Minutes since the fault began (0 in its first minute). */
  elapsed: number;
  /** Wall-clock ms of the start of this minute. */
  nowMs: number;
  /** Seeded randomness for this fault in this minute. */
  rand: () => number;
  /** Writes an application log line for a service at a seeded second of this minute. */
  log(service: string, level: LogLevel, message: string, stream?: string): void;
}

export interface FaultDefinition<P extends z.ZodType, S> {
  kind: string;
  /** One line for people: what goes wrong and what fixes it. */
  summary: string;
  targetType: FaultTargetType;
  params: P;
  /** Runs once, in the fault's first minute; returns the fault's own state. */
  start(ctx: FaultContext<z.output<P>>): S;
  /** Runs every minute the fault lasts (the first one included), after `start`. */
  tick(ctx: FaultContext<z.output<P>>, state: S): void;
  /** True once the cause has been removed or the symptom can no longer occur. */
  resolved(ctx: FaultContext<z.output<P>>, state: S): boolean;
}

export type FaultStatus = "pending" | "active" | "resolved" | "ended";

/** One scheduled fault in a running world. */
export interface FaultInstance {
  schedule: FaultSchedule;
  step(world: World, minute: number): void;
  /** pending (not started), active, resolved (cause removed) or ended (its duration is over). */
  status(world: World, minute: number): FaultStatus;
}

/** A fault kind as the registry holds it. */
export interface FaultKind {
  kind: string;
  summary: string;
  targetType: FaultTargetType;
  params: z.ZodType;
  create(schedule: FaultSchedule, params: unknown): FaultInstance;
}

/** Wraps a typed fault definition for the registry. */
export function defineFault<P extends z.ZodType, S>(def: FaultDefinition<P, S>): FaultKind {
  return {
    kind: def.kind,
    summary: def.summary,
    targetType: def.targetType,
    params: def.params,
    create(schedule, raw) {
      const params = def.params.parse(raw) as z.output<P>;
      let state: { value: S } | undefined;
      const context = (world: World, minute: number): FaultContext<z.output<P>> => {
        const rand = streamFor(world.seed, "fault", schedule.kind, schedule.target, minute);
        return {
          world,
          params,
          target: schedule.target,
          minute,
          elapsed: minute - schedule.startMinute,
          nowMs: minuteMs(world, minute),
          rand,
          log: (service, level, message, stream) => {
            if (schedule.quietLogs) return;
            writeLine(world, minute, rand, { service, level, message, ...(stream ? { stream } : {}) });
          },
        };
      };
      const over = (minute: number) =>
        schedule.durationMinutes !== undefined && minute >= schedule.startMinute + schedule.durationMinutes;
      return {
        schedule,
        step(world, minute) {
          if (minute < schedule.startMinute || over(minute)) return;
          const ctx = context(world, minute);
          if (!state) state = { value: def.start(ctx) };
          def.tick(ctx, state.value);
        },
        status(world, minute) {
          if (!state) return "pending";
          if (over(minute)) return "ended";
          return def.resolved(context(world, minute), state.value) ? "resolved" : "active";
        },
      };
    },
  };
}
