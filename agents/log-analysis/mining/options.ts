/** Default miner settings and validation. */
import { DEFAULT_MASKS } from "./default-masks.js";
import type { MinerOptions } from "./types.js";

/** Production defaults: one configuration meant to work across many systems. */
export const DEFAULT_MINER_OPTIONS: Readonly<MinerOptions> = Object.freeze({
  depth: 4,
  similarityThreshold: 0.6,
  maxChildren: 100,
  masks: DEFAULT_MASKS,
  extraDelimiters: [],
  matchShortMessages: true,
  wildcardsMatch: true,
  wordVariantsToMerge: 4,
  mergeIdenticalTemplates: true,
  lengthTolerant: true,
});

/** Options that reproduce the Loghub benchmark's Drain implementation (give depth, st and masks per system). */
export const LOGHUB_DRAIN_OPTIONS: Readonly<MinerOptions> = Object.freeze({
  depth: 4,
  similarityThreshold: 0.4,
  maxChildren: 100,
  masks: [],
  extraDelimiters: [],
  matchShortMessages: false,
  wildcardsMatch: false,
  wordVariantsToMerge: 0,
  mergeIdenticalTemplates: false,
  lengthTolerant: false,
});

/** Fills defaults and checks ranges; throws on invalid settings. */
export function resolveOptions(partial: Partial<MinerOptions> = {}): MinerOptions {
  const o: MinerOptions = { ...DEFAULT_MINER_OPTIONS, ...partial };
  o.masks = o.masks.map((m) => ({ ...m }));
  o.extraDelimiters = [...o.extraDelimiters];
  if (!Number.isInteger(o.depth) || o.depth < 3) throw new RangeError(`depth must be an integer >= 3`);
  if (!(o.similarityThreshold >= 0 && o.similarityThreshold <= 1)) {
    throw new RangeError(`similarityThreshold must be in [0, 1]`);
  }
  if (!Number.isInteger(o.wordVariantsToMerge) || o.wordVariantsToMerge < 0 || o.wordVariantsToMerge === 1) {
    throw new RangeError(`wordVariantsToMerge must be 0 or an integer >= 2`);
  }
  if (!Number.isInteger(o.maxChildren) || o.maxChildren < 2) {
    throw new RangeError(`maxChildren must be an integer >= 2`);
  }
  for (const d of o.extraDelimiters) {
    if (d.length !== 1) throw new RangeError(`extra delimiters are single characters, got "${d}"`);
  }
  return o;
}

/** Builds the tokenizer for the given extra delimiters (whitespace always splits). */
export function makeTokenizer(extraDelimiters: readonly string[]): (text: string) => string[] {
  const extra = extraDelimiters.map((d) => d.replace(/[\\\]^-]/g, "\\$&")).join("");
  const splitter = new RegExp(`[\\s${extra}]+`);
  return (text) => {
    const parts = text.split(splitter);
    // Drop the empty strings left by leading or trailing delimiters.
    if (parts.length > 0 && parts[0] === "") parts.shift();
    if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
    return parts;
  };
}
