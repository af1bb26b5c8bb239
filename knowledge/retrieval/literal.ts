/**
 * Pre-filter for log patterns: a lower-case literal that every match must contain. Testing `includes` on
 * the query's templates first lets the signal matcher skip most regexes on large corpora. Conservative: when
 * no literal is certainly required (top-level alternation, everything inside groups), it returns undefined
 * and the pattern is always tested.
 */
import { isRegexPattern } from "../corpus/schema.js";

const QUANTIFIER = /[?*{]/;

/** The longest literal run required by a regex source, if any (at least 3 characters). */
export function requiredLiteralOfRegex(source: string): string | undefined {
  const runs: string[] = [];
  let run = "";
  let depth = 0;
  let inClass = false;
  const flush = () => {
    if (run.trim().length >= 3) runs.push(run);
    run = "";
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const next = source[i + 1] ?? "";
    if (inClass) {
      if (c === "\\") i++;
      else if (c === "]") inClass = false;
      continue;
    }
    if (c === "\\") {
      // An escaped punctuation character is a literal; \d, \w, \s, \b… are not.
      const escaped = next;
      i++;
      const quantified = QUANTIFIER.test(source[i + 1] ?? "");
      if (/[A-Za-z0-9]/.test(escaped) || depth > 0 || quantified) flush();
      else run += escaped;
      continue;
    }
    if (c === "|" && depth === 0) return undefined;
    if (c === "(") {
      depth++;
      flush();
      continue;
    }
    if (c === ")") {
      depth = Math.max(0, depth - 1);
      flush();
      continue;
    }
    if (c === "[") {
      inClass = true;
      flush();
      continue;
    }
    if (depth > 0) continue;
    if (".^$+?*{}".includes(c)) {
      flush();
      continue;
    }
    if (QUANTIFIER.test(next) || next === "+") {
      // The character before a quantifier may be absent (or repeated): end the run before it.
      flush();
      continue;
    }
    run += c;
  }
  flush();
  const best = runs.sort((a, b) => b.trim().length - a.trim().length)[0];
  return best?.toLowerCase();
}

/** The literal every match of a runbook log pattern must contain, lower-cased, or undefined. */
export function requiredLiteral(pattern: string): string | undefined {
  if (isRegexPattern(pattern)) {
    const body = pattern.slice(1, pattern.lastIndexOf("/"));
    return requiredLiteralOfRegex(body);
  }
  // Phrases match with flexible whitespace, so only a single word is certainly present as written.
  const words = pattern
    .trim()
    .split(/\s+/)
    .sort((a, b) => b.length - a.length);
  const word = words[0];
  return word && word.length >= 3 ? word.toLowerCase() : undefined;
}
