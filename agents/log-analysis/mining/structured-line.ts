/**
 * Structured (JSON) log lines — pino, zap, Lambda JSON logs, logstash — read as text: the level, the message,
 * then the other fields as `key=value`, without timestamps, process ids and host names. Mined raw, every JSON
 * line of a service shares one shape (`{"level":<*>,"time":<*>,"msg":"<*>"}`) and collapses into a single
 * template, so a fault's lines never stand out from the service's chatter. Any other line is left as it is.
 */

/** Fields that identify when or where a line was written, not what it says. */
const NOISE_FIELDS = new Set([
  "time",
  "ts",
  "timestamp",
  "@timestamp",
  "pid",
  "hostname",
  "v",
  "caller",
  "thread",
  "thread_name",
  "logger_name",
]);
const MESSAGE_FIELDS = ["msg", "message", "@message", "event"];
const LEVEL_FIELDS = ["level", "lvl", "severity", "levelname", "log.level"];
/** pino's numeric levels. */
const PINO_LEVELS: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};

function flatten(value: unknown, prefix: string, out: string[], depth: number): void {
  if (value === null || value === undefined) return;
  if (typeof value === "object" && !Array.isArray(value) && depth < 2) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (!NOISE_FIELDS.has(k)) flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
    }
    return;
  }
  const text = typeof value === "string" ? value : JSON.stringify(value);
  out.push(`${prefix}=${text}`);
}

/** The level named by a structured line's own field, upper-case (pino numbers mapped); undefined if none. */
export function structuredLevel(fields: Record<string, unknown>): string | undefined {
  for (const key of LEVEL_FIELDS) {
    const v = fields[key];
    if (typeof v === "number") return PINO_LEVELS[v];
    if (typeof v === "string" && v) return v.toUpperCase().replace(/^WARNING$/, "WARN");
  }
  return undefined;
}

/** The parsed fields of a JSON-object line, or undefined for any other line. */
export function structuredFields(line: string): Record<string, unknown> | undefined {
  const t = line.trim();
  if (!t.startsWith("{") || !t.endsWith("}")) return undefined;
  try {
    const parsed: unknown = JSON.parse(t);
    return parsed && typeof parsed === "object" && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** The text to mine a line as: a JSON line as `LEVEL message key=value …`, any other line unchanged. */
export function textForMining(line: string): string {
  const fields = structuredFields(line);
  if (!fields) return line;
  const parts: string[] = [];
  const level = structuredLevel(fields);
  if (level) parts.push(level);
  for (const key of MESSAGE_FIELDS) {
    const v = fields[key];
    if (typeof v === "string" && v) parts.push(v);
  }
  const rest: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (NOISE_FIELDS.has(k) || MESSAGE_FIELDS.includes(k) || LEVEL_FIELDS.includes(k)) continue;
    flatten(v, k, rest, 0);
  }
  parts.push(...rest);
  return parts.length > 0 ? parts.join(" ") : line;
}
