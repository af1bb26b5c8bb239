/**
 * Small lookups and log helpers the fault modules share: finding a fault's target (with a clear error),
 * the services that call a resource, Java-style package names and Lambda log lines.
 */
import type { LogLevel } from "../../domain/index.js";
import { writeLambdaLine } from "../logs.js";
import type { ServiceState, World } from "../world.js";
import type { FaultContext } from "./types.js";

/** The value, or an error naming the fault and the missing target. */
export function must<T>(value: T | undefined, kind: string, what: string, target: string): T {
  if (value === undefined) throw new Error(`${kind}: no ${what} '${target}'`);
  return value;
}

/** `c.e.checkout` for service `checkout`: the package prefix our Java services log with. */
export function pkgOf(service: string): string {
  return `c.e.${service.replace(/-/g, "")}`;
}

/**
 * Our services that use a resource owned by `service`: the owner itself when it runs code, and every
 * internal service that depends on the owner.
 */
export function consumersOf(world: World, service: string): ServiceState[] {
  return [...world.services.values()].filter(
    (s) => !s.external && (s.name === service || s.dependencies.includes(service)),
  );
}

/** Share of the ramp done in the fault's `elapsed`-th minute (1 once `minutes` have passed). */
export function ramp(elapsed: number, minutes: number): number {
  return Math.min(1, (elapsed + 1) / Math.max(1, minutes));
}

/** Writes a line to a Lambda function's log group (current version's stream). */
export function lambdaLog<P>(
  ctx: FaultContext<P>,
  functionId: string,
  level: LogLevel,
  message: string,
): void {
  const fn = ctx.world.lambdas.get(functionId);
  if (fn) writeLambdaLine(ctx.world, fn, ctx.minute, ctx.rand, level, message);
}

/** A Lambda request id from the fault's randomness. */
export function requestId(rand: () => number): string {
  const h = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join("");
  return `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
}

/** "2024-05-14T09:05:00.000Z" → "Tue May 14 09:05:00 UTC 2024", as Java prints a Date. */
export function javaDate(ms: number): string {
  const d = new Date(ms);
  const [day, , , , time] = d.toUTCString().split(" ");
  const month = d.toUTCString().split(" ")[2];
  const date = String(d.getUTCDate()).padStart(2, "0");
  return `${day?.replace(",", "")} ${month} ${date} ${time} UTC ${d.getUTCFullYear()}`;
}
