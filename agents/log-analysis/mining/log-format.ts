/**
 * Header parsing. `compileLogFormat` reads Loghub-style formats such as
 * `<Date> <Time> <Level> <Component>: <Content>`; `stripHeader` is a format-free heuristic.
 */

/** A compiled log format: named fields captured from a whole line. */
export interface LogFormat {
  fields: string[];
  regex: RegExp;
}

/**
 * Compiles a Loghub format: `<Name>` becomes a lazy named capture, runs of spaces match any
 * whitespace, and the text between fields is kept as regex source (so `\[` and `(...)?` work).
 */
export function compileLogFormat(format: string): LogFormat {
  const fields: string[] = [];
  let source = "";
  format.split(/(<[^<>]+>)/).forEach((part, i) => {
    if (i % 2 === 0) {
      source += part.replace(/ +/g, String.raw`\s+`);
    } else {
      const name = part.slice(1, -1);
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new Error(`bad field name <${name}> in log format`);
      if (fields.includes(name)) throw new Error(`duplicate field <${name}> in log format`);
      fields.push(name);
      source += `(?<${name}>.*?)`;
    }
  });
  return { fields, regex: new RegExp(`^${source}$`) };
}

/** Parses one line (trimmed first); undefined when it does not fit the format. */
export function parseLine(format: LogFormat, line: string): Record<string, string> | undefined {
  const groups = format.regex.exec(line.trim())?.groups;
  if (!groups) return undefined;
  const out: Record<string, string> = {};
  for (const f of format.fields) out[f] = groups[f] ?? "";
  return out;
}

const HEADER_TOKEN = [
  /^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[T ]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?,?$/,
  /^\d{1,2}:\d{2}:\d{2}(?:[.,]\d+)?,?$/,
  /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)$/,
  /^\d{1,2}$/,
  /^(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|SEVERE)\]?:?,?$/i,
  /^\d{6,}$/,
  /^-$/,
];
const BRACKETED = /^\[[^\]]*\]:?\s*/;
const SOURCE_TAG = /^[\w.$/()-]+(?:\[\d+\])?:$/;

/**
 * Drops a leading header: timestamps, dates, levels, bracketed fields and long numbers (at most
 * `maxParts` of them), then a `name:` or `name[pid]:` source tag, optionally preceded by a host name.
 * Keeps the whole line if nothing would be left.
 */
export function stripHeader(line: string, maxParts = 8): string {
  let rest = line.trim();
  let dropped = 0;
  while (dropped < maxParts) {
    const bracket = BRACKETED.exec(rest);
    if (bracket) {
      rest = rest.slice(bracket[0].length);
    } else {
      const token = /^\S+/.exec(rest)?.[0] ?? "";
      if (!HEADER_TOKEN.some((re) => re.test(token))) break;
      rest = rest.slice(token.length).trimStart();
    }
    dropped++;
  }
  const [first = "", second = ""] = rest.split(/\s+/, 2);
  if (SOURCE_TAG.test(first)) rest = rest.slice(first.length).trimStart();
  else if (dropped > 0 && SOURCE_TAG.test(second))
    rest = rest.slice(rest.indexOf(second) + second.length).trimStart();
  return rest === "" ? line.trim() : rest;
}
