/**
 * Deterministic randomness. Every random draw is keyed by (seed, label, minute), so values do not depend on
 * the order in which the simulation or a query asks for them. Math.random is never used.
 */
import { mulberry32 } from "../random.js";

export { mulberry32 };

/** FNV-1a 32-bit hash of a string. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A PRNG stream for one purpose at one moment of one world. */
export function streamFor(seed: number, ...keys: (string | number)[]): () => number {
  return mulberry32(hash32(`${seed}|${keys.join("|")}`));
}

/** Approximately normal noise in [-1, 1] (sum of three uniforms, rescaled). */
export function symmetric(rand: () => number): number {
  return (rand() + rand() + rand() - 1.5) / 1.5;
}

/** A Poisson-distributed count with mean `mean` (Knuth below 30, normal approximation above). */
export function poisson(rand: () => number, mean: number): number {
  if (mean <= 0) return 0;
  if (mean >= 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * symmetric(rand) * 1.7));
  const limit = Math.exp(-mean);
  let k = 0;
  let p = rand();
  while (p > limit) {
    k += 1;
    p *= rand();
  }
  return k;
}

/** An integer in [min, max], inclusive. */
export function intBetween(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** Picks one element of a non-empty list. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  const item = items[Math.floor(rand() * items.length)];
  if (item === undefined) throw new Error("pick() needs a non-empty list");
  return item;
}

/** `count` lowercase hex digits. */
export function hex(rand: () => number, count: number): string {
  let out = "";
  for (let i = 0; i < count; i++) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/** A version-4-shaped UUID from the stream (valid RFC 4122 variant bits). */
export function uuidFrom(rand: () => number): string {
  const h = hex(rand, 32).split("");
  h[12] = "4";
  h[16] = "89ab"[Math.floor(rand() * 4)] ?? "8";
  const s = h.join("");
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** An EC2 instance id like i-0abc... (17 hex digits, as AWS issues today). */
export function instanceIdFrom(rand: () => number): string {
  return `i-0${hex(rand, 16)}`;
}
