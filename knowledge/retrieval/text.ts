/**
 * Text analysis shared by indexing and querying: tokens split on punctuation and camelCase
 * (`CPUUtilization` → cpuutilization, cpu, utilization), lower-cased, stop words dropped, Porter-stemmed
 * (the `stemmer` package). Log-template placeholders (`<*>`, `<NUM>`) are removed first. Normalised forms
 * are memoised: the same few thousand words recur in every query and every runbook.
 */
import { stemmer } from "stemmer";

const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its " +
    "may might no not of on or our so such than that the their then there these they this those to too was we " +
    "were what when where which while who will with would you your via per after before over under out up all any"
  ).split(" "),
);

const PLACEHOLDER = /<[^<>\s]{1,16}>/g;
const CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-zA-Z]*/g;

const MEMO_LIMIT = 50_000;
const stems = new Map<string, string>();

/** Porter stem of a lower-case word ("throttled", "throttling", "throttles" → "throttl"); memoised. */
export function stem(word: string): string {
  let out = stems.get(word);
  if (out === undefined) {
    out = /\d/.test(word) ? word : stemmer(word);
    if (stems.size >= MEMO_LIMIT) stems.clear();
    stems.set(word, out);
  }
  return out;
}

/** Raw tokens of a text: words and their camelCase parts, before normalisation. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const word of text.replace(PLACEHOLDER, " ").split(/[^\p{L}\p{N}]+/u)) {
    if (!word) continue;
    out.push(word);
    const parts = word.match(CAMEL);
    if (parts && parts.length > 1) out.push(...parts);
  }
  return out;
}

/** Normalises one token; undefined when it carries no meaning (stop word, too short, an id or a number). */
export function normalise(token: string): string | undefined {
  const cached = normalised.get(token);
  if (cached !== undefined) return cached === "" ? undefined : cached;
  const out = normaliseUncached(token);
  if (normalised.size >= MEMO_LIMIT) normalised.clear();
  normalised.set(token, out ?? "");
  return out;
}

const normalised = new Map<string, string>();

function normaliseUncached(token: string): string | undefined {
  const lower = token.toLowerCase();
  if (lower.length < 2 || STOP_WORDS.has(lower)) return undefined;
  if (/^\d+$/.test(lower) && lower.length > 4) return undefined;
  if (/^[0-9a-f]{8,}$/.test(lower) && /\d/.test(lower)) return undefined;
  return stem(lower);
}

/** Normalised terms of a text, in order, duplicates kept. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const term = normalise(token);
    if (term) out.push(term);
  }
  return out;
}

/** Maps each normalised term to the first surface word that produced it (for readable reasons). */
export function surfaceWords(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const token of tokenize(text)) {
    const term = normalise(token);
    if (term && !out.has(term)) out.set(term, token.toLowerCase());
  }
  return out;
}
