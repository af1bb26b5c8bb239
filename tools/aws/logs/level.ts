/** The level of a log line, read from the line itself (JSON field, key=value, or a level word). */
import type { LogLevel } from "../../domain/index.js";

const LEVELS: Record<string, LogLevel> = {
  trace: "DEBUG",
  debug: "DEBUG",
  info: "INFO",
  notice: "INFO",
  information: "INFO",
  warn: "WARN",
  warning: "WARN",
  error: "ERROR",
  err: "ERROR",
  severe: "ERROR",
  fatal: "FATAL",
  critical: "FATAL",
  crit: "FATAL",
  panic: "FATAL",
  emerg: "FATAL",
  alert: "FATAL",
};

const JSON_LEVEL = /"(?:level|severity|levelname|log\.level|@l)"\s*:\s*"([A-Za-z]+)"/i;
const KV_LEVEL = /(?:^|\s)(?:level|lvl|severity)=["']?([A-Za-z]+)/i;
const BRACKETED = /\[(trace|debug|info|notice|warn|warning|error|err|crit|critical|alert|emerg|fatal)\]/i;
const UPPER_WORD = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|PANIC)\b/;
/** Lambda's own lines: START/END/REPORT are routine, a timeout is an error. */
const LAMBDA_PLATFORM = /^(START|END|REPORT|INIT_START|INIT_REPORT|EXTENSION|TELEMETRY)\b/;
const LAMBDA_TIMEOUT = /Task timed out after/;

/** Parses the level of one line; undefined when the line carries none. Only the first 300 characters count. */
export function parseLevel(message: string): LogLevel | undefined {
  const head = message.slice(0, 300);
  const word =
    JSON_LEVEL.exec(head)?.[1] ?? KV_LEVEL.exec(head)?.[1] ?? BRACKETED.exec(head)?.[1] ?? undefined;
  if (word) {
    const level = LEVELS[word.toLowerCase()];
    if (level) return level;
  }
  if (LAMBDA_TIMEOUT.test(head)) return "ERROR";
  if (LAMBDA_PLATFORM.test(head)) return "INFO";
  const upper = UPPER_WORD.exec(head)?.[1];
  return upper ? LEVELS[upper.toLowerCase()] : undefined;
}
