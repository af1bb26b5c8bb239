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
  /^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)$/,
  /^\d{1,2}$/,
  /^\[?(?:TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRIT|CRITICAL|SEVERE)\]?:?,?$/i,
  /^\[[^\]]*\]:?$/,
  /^\d{6,}$/,
];

/**
 * Drops a leading header: timestamps, dates, levels, bracketed fields and long numbers, up to
 * `maxTokens` tokens, plus a following `name:` or `name[pid]:` source tag. Keeps at least one token.
 */
export function stripHeader(line: string, maxTokens = 6): string {
  const tokens = line.trim().split(/\s+/);
  let i = 0;
  while (i < Math.min(maxTokens, tokens.length - 1) && HEADER_TOKEN.some((re) => re.test(tokens[i] ?? ""))) i++;
  if (i > 0 && i < tokens.length - 1 && /^[\w.$/-]+(?:\[\d+\])?:$/.test(tokens[i] ?? "")) i++;
  return tokens.slice(i).join(" ");
}
