/** Seeds for the attack generator: the project's one PRNG, and a stable per-name seed. */
import { mulberry32 } from "../../../tools/random.js";

/** The project's one seeded generator (mulberry32). */
export const seeded = mulberry32;

export function hashSeed(text: string, seed: number): number {
  let h = seed ^ 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}
