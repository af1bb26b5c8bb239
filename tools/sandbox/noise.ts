/** Seeded per-metric noise and clamping, shared by the metric models. */
import { streamFor, symmetric } from "./random.js";
import type { World } from "./world.js";

/**
 * Noise in [-1, 1] for one metric at one minute, independent of evaluation order; scaled by the world's
 * `metricNoise` (SandboxOptions, default 1).
 */
export function noise(world: World, key: string, minute: number): number {
  return symmetric(streamFor(world.seed, "metric", key, minute)) * (world.metricNoise ?? 1);
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
