/**
 * Encoded segments inside untrusted text, decoded so the detector can read what they say: base64 (standard
 * and URL-safe), percent-encoding, `\uXXXX` / `\xXX` escapes and HTML numeric entities. Decoded text is
 * kept only when it is mostly printable, so hashes and ids never turn into scanned noise.
 */

const BASE64 = /[A-Za-z0-9+/_-]{16,}={0,2}/g;
const PERCENT =
  /(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+-])*%[0-9A-Fa-f]{2}(?:%[0-9A-Fa-f]{2}|[A-Za-z0-9._~+!*'(),;:@&=$-])*/g;

function printable(text: string): boolean {
  if (text.length < 4) return false;
  let good = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0xfffd) return false;
    if (code >= 0x20 || code === 0x0a || code === 0x09) good++;
  }
  const letters = (text.match(/\p{L}/gu) ?? []).length;
  return good / text.length > 0.95 && letters / text.length > 0.5 && /\s/.test(text);
}

function fromBase64(segment: string): string | undefined {
  const std = segment.replace(/-/g, "+").replace(/_/g, "/");
  if (!/[a-z]/.test(std) || !/[A-Z]/.test(std)) return undefined;
  try {
    const text = Buffer.from(std, "base64").toString("utf8");
    return printable(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

function fromPercent(segment: string): string | undefined {
  try {
    const text = decodeURIComponent(segment.replace(/\+/g, " "));
    return text !== segment ? text : undefined;
  } catch {
    return undefined;
  }
}

function fromEscapes(text: string): string | undefined {
  const out = text
    .replace(/\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})/g, (_, a?: string, b?: string) =>
      String.fromCodePoint(Number.parseInt(a ?? b ?? "3f", 16)),
    )
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .replace(/&#x([0-9a-fA-F]{1,6});/g, (_, h: string) => String.fromCodePoint(Number.parseInt(h, 16)))
    .replace(/&#(\d{1,7});/g, (_, d: string) => String.fromCodePoint(Number.parseInt(d, 10)));
  return out !== text ? out : undefined;
}

/** Decoded forms of the encoded segments of a text (not recursive; the detector recurses). */
export function decodedSegments(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(BASE64)) {
    const decoded = fromBase64(m[0]);
    if (decoded) out.push(decoded);
  }
  if (text.includes("%")) {
    for (const m of text.matchAll(PERCENT)) {
      const decoded = fromPercent(m[0]);
      if (decoded) out.push(decoded);
    }
  }
  if (/\\u|\\x|&#/.test(text)) {
    const decoded = fromEscapes(text);
    if (decoded) out.push(decoded);
  }
  return out;
}

/** String values (and keys) of every JSON object or array embedded in a text, as `key: value` lines. */
export function jsonStrings(text: string): { key: string; value: string }[] {
  const start = text.search(/[{[]/);
  if (start < 0) return [];
  const out: { key: string; value: string }[] = [];
  let attempts = 0;
  for (let i = start; i < text.length && attempts < 3; i++) {
    if (text[i] !== "{" && text[i] !== "[") continue;
    attempts++;
    const end = text.lastIndexOf(text[i] === "{" ? "}" : "]");
    if (end <= i) continue;
    try {
      walk(JSON.parse(text.slice(i, end + 1)), "", out);
      return out.slice(0, 200);
    } catch {
      // not JSON from here; try the next bracket
    }
  }
  return out;
}

function walk(value: unknown, key: string, out: { key: string; value: string }[]): void {
  if (typeof value === "string") out.push({ key, value });
  else if (Array.isArray(value)) for (const v of value) walk(v, key, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) walk(v, k, out);
}
