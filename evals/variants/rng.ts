/** Seeded helpers for the variant generator, all on `tools/random.ts` (mulberry32): same seed, same draws. */
import { mulberry32 } from "../../tools/random.js";

/** FNV-1a over the parts, as a 32-bit seed. */
export function seedOf(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const ch of parts.join("\u0000")) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A stream for one purpose of one variant. */
export function streamOf(...parts: (string | number)[]): () => number {
  return mulberry32(seedOf(...parts));
}

export function pickOne<T>(rand: () => number, items: readonly T[]): T {
  if (items.length === 0) throw new Error("pickOne: nothing to pick from");
  return items[Math.floor(rand() * items.length)] as T;
}

export function intIn(rand: () => number, min: number, max: number): number {
  return min + Math.floor(rand() * (max - min + 1));
}

/** A seeded Fisher–Yates shuffle (a copy). */
export function shuffled<T>(rand: () => number, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}
