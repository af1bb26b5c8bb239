/**
 * Text analysis shared by indexing and querying: tokens split on punctuation and camelCase
 * (`CPUUtilization` → cpuutilization, cpu, utilization), lower-cased, stop words dropped, light stemming.
 * Log-template placeholders (`<*>`, `<NUM>`) are removed first.
 */

const STOP_WORDS = new Set(
  (
    "a an and are as at be been but by can could did do does for from had has have how i if in into is it its " +
    "may might no not of on or our so such than that the their then there these they this those to too was we " +
    "were what when where which while who will with would you your via per after before over under out up all any"
  ).split(" "),
);

const PLACEHOLDER = /<[^<>\s]{1,16}>/g;
const CAMEL = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+[a-zA-Z]*/g;

/** Light suffix stripping so "throttled", "throttling" and "throttle" meet at "throttl". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith("ies")) return `${w.slice(0, -3)}y`;
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 4 && /(?:ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us")) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
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
